// Builds the Teams app package (manifest.json + icons, zipped) from manifest/ and the operator's
// settings. Nothing is written unless the whole package is valid: a zip on disk is always one
// that passed the schema and the icon checks.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppManifestUtils, type TeamsManifest } from '@microsoft/app-manifest';
import AdmZip from 'adm-zip';
import { PNG } from 'pngjs';
import { z } from 'zod';

const guid = /^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

// The host name goes into https:// URLs, validDomains and the SSO audience api://<host>/<id>,
// where a port or a path would not match what Teams and Entra ID compare against.
const hostName = /^(?!-)[a-zA-Z0-9-]{1,63}(?:\.[a-zA-Z0-9-]{1,63})+$/;

const settingsSchema = z.object({
  TEAMS_APP_ID: z
    .string('is required (a GUID you choose once for the Teams app)')
    .trim()
    .regex(guid, 'must be a GUID such as 3f2b8c1e-7a4d-4e8f-9b2a-1c5d6e7f8a9b'),
  MicrosoftAppId: z
    .string('is required (the bot\'s Entra ID application id)')
    .trim()
    .regex(guid, 'must be the bot\'s Entra ID application id (a GUID)'),
  BOT_DOMAIN: z
    .string('is required (the public host name of this server)')
    .trim()
    .regex(hostName, 'must be a host name such as samordna.example.se (no https://, no path, no port)'),
});

export type PackageSettings = z.infer<typeof settingsSchema>;

export interface AppPackageOptions {
  /** Variables as read from .env and the environment; only the three the manifest needs are used. */
  env: Record<string, string | undefined>;
  /** The project root: manifest/ and package.json are read from here. */
  rootDir: string;
  /** Where manifest.json and appPackage.zip are written. */
  outDir: string;
}

export type AppPackageResult =
  | { ok: true; manifest: TeamsManifest; manifestPath: string; zipPath: string }
  | { ok: false; errors: string[] };

/** The icon files the manifest may name, with the size Teams requires of each. */
const ICON_SIZES = { color: 192, outline: 32 } as const;

export function readPackageSettings(env: Record<string, string | undefined>): { settings: PackageSettings } | { errors: string[] } {
  const blankAsMissing = Object.fromEntries(
    Object.keys(settingsSchema.shape).map((name) => [name, env[name]?.trim() ? env[name] : undefined]),
  );
  const parsed = settingsSchema.safeParse(blankAsMissing);
  if (parsed.success) return { settings: parsed.data };
  return { errors: parsed.error.issues.map((issue) => `${String(issue.path[0])} ${issue.message}`) };
}

/** Replaces every `${{NAME}}`; a name without a value is an error, never left in the output. */
export function fillTemplate(template: string, values: Record<string, string>): { text: string; errors: string[] } {
  const errors: string[] = [];
  const text = template.replace(/\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (placeholder, name: string) => {
    const value = values[name];
    if (value === undefined) {
      errors.push(`manifest template: placeholder ${placeholder} has no value`);
      return placeholder;
    }
    // The values land inside JSON strings.
    return JSON.stringify(value).slice(1, -1);
  });
  if (errors.length === 0 && text.includes('${{')) errors.push('manifest template: an unfinished ${{ placeholder remains');
  return { text, errors };
}

type ManifestSchema = Awaited<ReturnType<typeof AppManifestUtils.fetchSchema>>;

const TEAMS_SCHEMA_URL = /^https:\/\/developer\.microsoft\.com\/json-schemas\/teams\/(v\d+\.\d+)\/MicrosoftTeams\.schema\.json$/;

/**
 * The schema named by `$schema`, from the copy bundled with @microsoft/app-manifest. The library
 * would fetch an unknown URL over the network; packaging must work offline and against a known
 * schema, so only bundled ones are accepted.
 */
export async function bundledSchemaFor(schemaUrl: unknown): Promise<{ schema: ManifestSchema } | { error: string }> {
  const version = typeof schemaUrl === 'string' ? TEAMS_SCHEMA_URL.exec(schemaUrl)?.[1] : undefined;
  if (!version) {
    return { error: 'manifest: $schema must be https://developer.microsoft.com/json-schemas/teams/v1.N/MicrosoftTeams.schema.json' };
  }
  const libraryDir = path.dirname(require.resolve('@microsoft/app-manifest'));
  if (!existsSync(path.join(libraryDir, 'json-schemas', 'teams', version, 'MicrosoftTeams.schema.json'))) {
    return { error: `manifest: schema ${version} is not bundled with @microsoft/app-manifest` };
  }
  return { schema: await AppManifestUtils.fetchSchema(schemaUrl as string) };
}

export async function validateManifest(manifest: TeamsManifest): Promise<string[]> {
  const bundled = await bundledSchemaFor(manifest.$schema);
  if ('error' in bundled) return [bundled.error];
  const problems = await AppManifestUtils.validateAgainstSchema(manifest, bundled.schema);
  return problems.map((problem) => `manifest: ${problem.trim()}`);
}

/** Every page a tab opens, with where the manifest names it. */
function tabPages(manifest: TeamsManifest): Array<{ where: string; url: string }> {
  const pages: Array<{ where: string; url: string }> = [];
  (manifest.configurableTabs ?? []).forEach((tab, index) => pages.push({ where: `configurableTabs[${index}].configurationUrl`, url: tab.configurationUrl }));
  (manifest.staticTabs ?? []).forEach((tab, index) => {
    if (tab.contentUrl) pages.push({ where: `staticTabs[${index}].contentUrl`, url: tab.contentUrl });
    if (tab.websiteUrl) pages.push({ where: `staticTabs[${index}].websiteUrl`, url: tab.websiteUrl });
  });
  return pages;
}

/**
 * Teams opens a tab only from a domain in validDomains, and single sign-on only works on the host
 * of webApplicationInfo: every tab page must be one this server serves, on BOT_DOMAIN, under /tab/.
 */
export function tabPageProblems(manifest: TeamsManifest, botDomain: string, tabDir: string): string[] {
  const problems: string[] = [];
  for (const { where, url } of tabPages(manifest)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      problems.push(`manifest: ${where} is not a URL: ${url}`);
      continue;
    }
    const page = /^\/tab\/([a-z][a-z0-9-]*\.html)$/.exec(parsed.pathname)?.[1];
    if (parsed.protocol !== 'https:' || parsed.host !== botDomain || !page) {
      problems.push(`manifest: ${where} must be a page https://${botDomain}/tab/<name>.html, is ${url}`);
    } else if (!existsSync(path.join(tabDir, page))) {
      problems.push(`manifest: ${where} names tab/${page}, which does not exist`);
    }
  }
  return problems;
}

/** Size, and for the outline Teams' rule: white where drawn, fully transparent elsewhere. */
export function iconProblems(kind: keyof typeof ICON_SIZES, file: string, bytes: Buffer): string[] {
  let png: PNG;
  try {
    png = PNG.sync.read(bytes);
  } catch {
    return [`${file} is not a PNG image`];
  }
  const size = ICON_SIZES[kind];
  if (png.width !== size || png.height !== size) {
    return [`${file} must be ${size}×${size} pixels, is ${png.width}×${png.height}`];
  }
  if (kind === 'outline') {
    for (let offset = 0; offset < png.data.length; offset += 4) {
      const alpha = png.data[offset + 3];
      const white = png.data[offset] === 255 && png.data[offset + 1] === 255 && png.data[offset + 2] === 255;
      if (alpha !== 0 && !(alpha === 255 && white)) {
        return [`${file} must be white on a fully transparent background (pixel ${offset / 4} is neither)`];
      }
    }
  }
  return [];
}

async function readIcons(manifest: TeamsManifest, manifestDir: string): Promise<{ files: Map<string, Buffer>; errors: string[] }> {
  const files = new Map<string, Buffer>();
  const errors: string[] = [];
  const icons = manifest.icons as Partial<Record<keyof typeof ICON_SIZES, string>>;
  for (const kind of Object.keys(ICON_SIZES) as Array<keyof typeof ICON_SIZES>) {
    const name = icons[kind];
    if (!name) continue; // the schema check reports a missing icon
    // Teams reads icons from the zip root.
    if (name !== path.basename(name)) {
      errors.push(`manifest: icons.${kind} must be a file name at the package root, is ${name}`);
      continue;
    }
    const file = path.join(manifestDir, name);
    const bytes = await readFile(file).catch(() => null);
    if (!bytes) {
      errors.push(`${file} is missing (run \`npx tsx scripts/make-icons.ts\`)`);
      continue;
    }
    errors.push(...iconProblems(kind, file, bytes));
    files.set(name, bytes);
  }
  return { files, errors };
}

async function appVersion(rootDir: string): Promise<string> {
  const pkg = JSON.parse(await readFile(path.join(rootDir, 'package.json'), 'utf8')) as { version?: unknown };
  if (typeof pkg.version !== 'string') throw new Error('package.json has no version');
  return pkg.version;
}

// Teams refuses an upload whose zip is cut short; a rename never leaves one behind.
async function writeAtomically(file: string, bytes: Buffer | string): Promise<void> {
  const partial = `${file}.partial`;
  await writeFile(partial, bytes);
  await rename(partial, file);
}

export async function buildAppPackage(options: AppPackageOptions): Promise<AppPackageResult> {
  const read = readPackageSettings(options.env);
  if ('errors' in read) return { ok: false, errors: read.errors };

  const manifestDir = path.join(options.rootDir, 'manifest');
  const template = await readFile(path.join(manifestDir, 'manifest.template.json'), 'utf8');
  // The manifest version follows the project's version, so each release can be uploaded over the last.
  const filled = fillTemplate(template, { ...read.settings, APP_VERSION: await appVersion(options.rootDir) });
  if (filled.errors.length > 0) return { ok: false, errors: filled.errors };

  let manifest: TeamsManifest;
  try {
    // Checked against the bundled schema right below.
    manifest = JSON.parse(filled.text) as TeamsManifest;
  } catch (error) {
    return { ok: false, errors: [`manifest template is not valid JSON: ${(error as Error).message}`] };
  }
  const errors = await validateManifest(manifest);
  errors.push(...tabPageProblems(manifest, read.settings.BOT_DOMAIN, path.join(options.rootDir, 'tab')));
  const icons = await readIcons(manifest, manifestDir);
  errors.push(...icons.errors);
  if (errors.length > 0) return { ok: false, errors };

  const manifestJson = `${JSON.stringify(manifest, null, 2)}\n`;
  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(manifestJson, 'utf8'));
  for (const [name, bytes] of icons.files) zip.addFile(name, bytes);

  await mkdir(options.outDir, { recursive: true });
  const manifestPath = path.join(options.outDir, 'manifest.json');
  const zipPath = path.join(options.outDir, 'appPackage.zip');
  await writeAtomically(manifestPath, manifestJson);
  await writeAtomically(zipPath, zip.toBuffer());
  return { ok: true, manifest, manifestPath, zipPath };
}
