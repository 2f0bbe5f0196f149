import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AppManifestUtils, type TeamsManifest, type TeamsManifestLatest } from '@microsoft/app-manifest';
import AdmZip from 'adm-zip';
import { PNG } from 'pngjs';
import { buildAppPackage, fillTemplate, type AppPackageResult } from '../../scripts/packageApp';
import { drawColorIcon, drawOutlineIcon } from '../../scripts/make-icons';

const ROOT = path.resolve(__dirname, '../..');
const SETTINGS = {
  TEAMS_APP_ID: '3f2b8c1e-7a4d-4e8f-9b2a-1c5d6e7f8a9b',
  MicrosoftAppId: '6c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e',
  BOT_DOMAIN: 'samordna.example.se',
};

async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `samordna-${prefix}-`));
}

function failureOf(result: AppPackageResult): string[] {
  assert.equal(result.ok, false, 'the package should have been refused');
  return result.ok ? [] : result.errors;
}

/** Reads the schema file straight from the library, independently of the packaging code. */
async function bundledSchema(manifestVersion: string): Promise<Parameters<typeof AppManifestUtils.validateAgainstSchema>[1]> {
  const file = path.join(path.dirname(require.resolve('@microsoft/app-manifest')), 'json-schemas', 'teams', `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
  return JSON.parse(await readFile(file, 'utf8'));
}

function pixel(png: PNG, x: number, y: number): [number, number, number, number] {
  const offset = (y * png.width + x) * 4;
  return [png.data[offset]!, png.data[offset + 1]!, png.data[offset + 2]!, png.data[offset + 3]!];
}

describe('Teams app package', function () {
  this.timeout(60_000);
  const cleanup: string[] = [];
  afterEach(async () => {
    await Promise.all(cleanup.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  describe('built from the project with valid settings', () => {
    let outDir: string;
    let zip: AdmZip;
    let manifest: TeamsManifestLatest;
    let manifestText: string;

    before(async () => {
      outDir = await tempDir('package');
      const result = await buildAppPackage({ env: SETTINGS, rootDir: ROOT, outDir });
      assert.ok(result.ok, `package refused: ${result.ok ? '' : result.errors.join('; ')}`);
      zip = new AdmZip(path.join(outDir, 'appPackage.zip'));
      manifestText = zip.readAsText('manifest.json');
      manifest = JSON.parse(manifestText);
    });
    after(() => rm(outDir, { recursive: true, force: true }));

    it('zips manifest.json, color.png and outline.png at the root, and nothing else', () => {
      assert.deepEqual(zip.getEntries().map((entry) => entry.entryName).sort(), ['color.png', 'manifest.json', 'outline.png']);
    });

    it('writes the same manifest beside the zip', async () => {
      assert.deepEqual(JSON.parse(await readFile(path.join(outDir, 'manifest.json'), 'utf8')), manifest);
    });

    it('passes the bundled schema of its own manifest version with no errors (offline)', async () => {
      assert.equal(manifest.$schema, `https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
      const schema = await bundledSchema(manifest.manifestVersion);
      assert.deepEqual(await AppManifestUtils.validateAgainstSchema(manifest, schema), []);
    });

    it('uses manifest version 1.19 or newer, not the developer preview', () => {
      const [major, minor] = manifest.manifestVersion.split('.').map(Number);
      assert.ok(major === 1 && minor! >= 19, `manifestVersion ${manifest.manifestVersion}`);
    });

    it('fills every placeholder from the settings and the project version', async () => {
      assert.ok(!manifestText.includes('${{'), 'a placeholder was left unfilled');
      assert.equal(manifest.id, SETTINGS.TEAMS_APP_ID);
      const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
      assert.equal(manifest.version, pkg.version);
    });

    it('declares the bot for team, group chat and personal scope with the hjälp command', () => {
      const bot = manifest.bots?.[0];
      assert.ok(bot);
      assert.equal(bot.botId, SETTINGS.MicrosoftAppId);
      assert.deepEqual([...bot.scopes].sort(), ['groupChat', 'personal', 'team']);
      assert.equal(bot.supportsFiles, false);
      assert.equal(bot.isNotificationOnly, false);
      const titles = (bot.commandLists ?? []).flatMap((list) => list.commands.map((command) => command.title));
      assert.ok(titles.includes('hjälp'), `commands: ${titles.join(', ')}`);
    });

    it('declares the board as a configurable tab for the channel and the Teams meeting (side panel, stage, chat, details)', () => {
      assert.deepEqual(manifest.configurableTabs, [
        {
          configurationUrl: `https://${SETTINGS.BOT_DOMAIN}/tab/configure.html`,
          canUpdateConfiguration: true,
          scopes: ['team', 'groupChat'],
          context: ['channelTab', 'meetingChatTab', 'meetingDetailsTab', 'meetingSidePanel', 'meetingStage'],
          meetingSurfaces: ['sidePanel', 'stage'],
        },
      ]);
    });

    it('declares the personal tab "Samordna" (Mina ärenden and Uppföljning) beside the bot\'s personal chat', () => {
      assert.deepEqual(manifest.staticTabs, [
        {
          entityId: 'samordna-personal',
          name: 'Samordna',
          contentUrl: `https://${SETTINGS.BOT_DOMAIN}/tab/personal.html`,
          scopes: ['personal'],
          context: ['personalTab'],
        },
        { entityId: 'conversations', scopes: ['personal'] },
      ]);
    });

    it('opens every tab on a page the server has under tab/', () => {
      const pages = [...(manifest.configurableTabs ?? []).map((tab) => tab.configurationUrl), ...(manifest.staticTabs ?? []).flatMap((tab) => (tab.contentUrl ? [tab.contentUrl] : []))];
      assert.equal(pages.length, 2);
      for (const url of pages) {
        const { host, pathname } = new URL(url);
        assert.equal(host, SETTINGS.BOT_DOMAIN);
        assert.ok(existsSync(path.join(ROOT, pathname)), pathname);
      }
    });

    it("asks for the resource-specific permissions the meeting's start/end events and sharing to the stage need", () => {
      assert.deepEqual(manifest.authorization, {
        permissions: {
          resourceSpecific: [
            { name: 'OnlineMeeting.ReadBasic.Chat', type: 'Application' },
            { name: 'ChannelMeeting.ReadBasic.Group', type: 'Application' },
            { name: 'MeetingStage.Write.Chat', type: 'Delegated' },
            { name: 'ChannelMeetingStage.Write.Group', type: 'Delegated' },
          ],
        },
      });
    });

    it('allows the bot domain and names the single sign-on resource', () => {
      assert.deepEqual(manifest.validDomains, [SETTINGS.BOT_DOMAIN]);
      assert.deepEqual(manifest.webApplicationInfo, {
        id: SETTINGS.MicrosoftAppId,
        resource: `api://${SETTINGS.BOT_DOMAIN}/${SETTINGS.MicrosoftAppId}`,
      });
      assert.deepEqual(manifest.permissions, ['identity', 'messageTeamMembers']);
    });

    it('links the developer pages to Swedish pages the project serves under /tab/', async () => {
      const { developer } = manifest;
      for (const url of [developer.websiteUrl, developer.privacyUrl, developer.termsOfUseUrl]) {
        const { protocol, host, pathname } = new URL(url);
        assert.equal(`${protocol}//${host}`, `https://${SETTINGS.BOT_DOMAIN}`);
        assert.match(pathname, /^\/tab\/[a-z]+\.html$/);
        const page = await readFile(path.join(ROOT, pathname), 'utf8');
        assert.match(page, /<html lang="sv">/);
      }
      assert.equal(new URL(developer.privacyUrl).pathname, '/tab/privacy.html');
      assert.equal(new URL(developer.termsOfUseUrl).pathname, '/tab/terms.html');
    });

    it('has a 192×192 colour icon that is a drawing in the accent colour', () => {
      const png = PNG.sync.read(zip.readFile('color.png')!);
      assert.equal(png.width, 192);
      assert.equal(png.height, 192);
      const colours = new Set<string>();
      for (let y = 0; y < png.height; y += 1) for (let x = 0; x < png.width; x += 1) colours.add(pixel(png, x, y).join(','));
      assert.ok(colours.size > 20, `only ${colours.size} colours`);
      // Background just inside the edge, away from the rounded corners and the mark.
      const [r, g, b, alpha] = pixel(png, 96, 6);
      assert.equal(alpha, 255);
      assert.equal(`#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`.toUpperCase(), manifest.accentColor.toUpperCase());
      assert.deepEqual(pixel(png, 0, 0)[3], 0, 'the corners are rounded off');
    });

    it('has a 32×32 outline icon that is white on full transparency', () => {
      const png = PNG.sync.read(zip.readFile('outline.png')!);
      assert.equal(png.width, 32);
      assert.equal(png.height, 32);
      let drawn = 0;
      for (let y = 0; y < png.height; y += 1) {
        for (let x = 0; x < png.width; x += 1) {
          const [r, g, b, alpha] = pixel(png, x, y);
          if (alpha === 0) continue;
          assert.deepEqual([r, g, b, alpha], [255, 255, 255, 255], `pixel ${x},${y}`);
          drawn += 1;
        }
      }
      assert.ok(drawn > 50 && drawn < 32 * 32 / 2, `${drawn} white pixels`);
    });
  });

  it('keeps the committed icons identical to what scripts/make-icons.ts draws', async () => {
    for (const [file, drawn] of [
      ['color.png', drawColorIcon()],
      ['outline.png', drawOutlineIcon()],
    ] as const) {
      const committed = PNG.sync.read(await readFile(path.join(ROOT, 'manifest', file)));
      assert.equal(committed.width, drawn.width, file);
      assert.ok(committed.data.equals(drawn.data), `${file} differs from the drawing: run npx tsx scripts/make-icons.ts`);
    }
  });

  describe('refuses and writes nothing', () => {
    const cases: Array<[string, Record<string, string | undefined>, string]> = [
      ['TEAMS_APP_ID missing', { TEAMS_APP_ID: undefined }, 'TEAMS_APP_ID'],
      ['TEAMS_APP_ID blank', { TEAMS_APP_ID: '  ' }, 'TEAMS_APP_ID'],
      ['TEAMS_APP_ID not a GUID', { TEAMS_APP_ID: 'samordna' }, 'TEAMS_APP_ID'],
      ['MicrosoftAppId missing', { MicrosoftAppId: undefined }, 'MicrosoftAppId'],
      ['MicrosoftAppId not a GUID', { MicrosoftAppId: '6c1d2e3f-4a5b-4c6d-8e7f' }, 'MicrosoftAppId'],
      ['BOT_DOMAIN missing', { BOT_DOMAIN: undefined }, 'BOT_DOMAIN'],
      ['BOT_DOMAIN with a scheme', { BOT_DOMAIN: 'https://samordna.example.se' }, 'BOT_DOMAIN'],
      ['BOT_DOMAIN with a path', { BOT_DOMAIN: 'samordna.example.se/bot' }, 'BOT_DOMAIN'],
      ['BOT_DOMAIN with a port', { BOT_DOMAIN: 'samordna.example.se:3978' }, 'BOT_DOMAIN'],
      ['BOT_DOMAIN with a quote', { BOT_DOMAIN: 'samordna.example.se"' }, 'BOT_DOMAIN'],
    ];
    for (const [title, change, variable] of cases) {
      it(`${title}: the message names ${variable}`, async () => {
        const outDir = path.join(await tempDir('refused'), 'build');
        cleanup.push(path.dirname(outDir));
        const errors = failureOf(await buildAppPackage({ env: { ...SETTINGS, ...change }, rootDir: ROOT, outDir }));
        assert.equal(errors.length, 1, errors.join('; '));
        assert.ok(errors[0]!.startsWith(`${variable} `), errors[0]);
        assert.equal(existsSync(outDir), false);
      });
    }

    it('names every missing variable at once', async () => {
      const outDir = path.join(await tempDir('refused'), 'build');
      cleanup.push(path.dirname(outDir));
      const errors = failureOf(await buildAppPackage({ env: {}, rootDir: ROOT, outDir }));
      assert.deepEqual(errors.map((error) => error.split(' ')[0]), ['TEAMS_APP_ID', 'MicrosoftAppId', 'BOT_DOMAIN']);
    });

    /** A copy of the project's manifest/ and package.json in which a test may break one thing. */
    async function projectCopy(): Promise<string> {
      const rootDir = await tempDir('project');
      cleanup.push(rootDir);
      await cp(path.join(ROOT, 'manifest'), path.join(rootDir, 'manifest'), { recursive: true });
      await cp(path.join(ROOT, 'package.json'), path.join(rootDir, 'package.json'));
      await cp(path.join(ROOT, 'tab'), path.join(rootDir, 'tab'), { recursive: true });
      return rootDir;
    }

    async function editTemplate(rootDir: string, edit: (template: string) => string): Promise<void> {
      const file = path.join(rootDir, 'manifest', 'manifest.template.json');
      await writeFile(file, edit(await readFile(file, 'utf8')));
    }

    it('a manifest that breaks the schema, with the schema\'s own message', async () => {
      const rootDir = await projectCopy();
      await editTemplate(rootDir, (template) => template.replace('"accentColor": "#0F766E"', '"accentColor": "teal"'));
      const outDir = path.join(rootDir, 'build');
      const errors = failureOf(await buildAppPackage({ env: SETTINGS, rootDir, outDir }));
      assert.ok(errors.some((error) => error.includes('/accentColor')), errors.join('; '));
      assert.equal(existsSync(outDir), false);
    });

    it('a placeholder the settings do not fill', async () => {
      const rootDir = await projectCopy();
      await editTemplate(rootDir, (template) => template.replace('"Samordna",\n    "websiteUrl"', '"${{DEVELOPER_NAME}}",\n    "websiteUrl"'));
      const errors = failureOf(await buildAppPackage({ env: SETTINGS, rootDir, outDir: path.join(rootDir, 'build') }));
      assert.deepEqual(errors, ['manifest template: placeholder ${{DEVELOPER_NAME}} has no value']);
    });

    it('a schema that is not bundled (it would have to be fetched)', async () => {
      const rootDir = await projectCopy();
      await editTemplate(rootDir, (template) => template.replace(/teams\/v1\.\d+\//, 'teams/v9.99/'));
      const errors = failureOf(await buildAppPackage({ env: SETTINGS, rootDir, outDir: path.join(rootDir, 'build') }));
      assert.deepEqual(errors, ['manifest: schema v9.99 is not bundled with @microsoft/app-manifest']);
    });

    it('a tab page on another host, or one that tab/ does not have', async () => {
      const rootDir = await projectCopy();
      await editTemplate(rootDir, (template) =>
        template
          .replace('"contentUrl": "https://${{BOT_DOMAIN}}/tab/personal.html"', '"contentUrl": "https://elsewhere.example.se/tab/personal.html"')
          .replace('/tab/configure.html', '/tab/missing.html'));
      const outDir = path.join(rootDir, 'build');
      const errors = failureOf(await buildAppPackage({ env: SETTINGS, rootDir, outDir }));
      assert.deepEqual(errors, [
        'manifest: configurableTabs[0].configurationUrl names tab/missing.html, which does not exist',
        `manifest: staticTabs[0].contentUrl must be a page https://${SETTINGS.BOT_DOMAIN}/tab/<name>.html, is https://elsewhere.example.se/tab/personal.html`,
      ]);
      assert.equal(existsSync(outDir), false);
    });

    it('an icon of the wrong size, naming the file', async () => {
      const rootDir = await projectCopy();
      await writeFile(path.join(rootDir, 'manifest', 'outline.png'), PNG.sync.write(new PNG({ width: 64, height: 64 })));
      const errors = failureOf(await buildAppPackage({ env: SETTINGS, rootDir, outDir: path.join(rootDir, 'build') }));
      assert.equal(errors.length, 1);
      assert.match(errors[0]!, /outline\.png must be 32×32 pixels, is 64×64/);
    });

    it('an outline icon with a pixel that is neither white nor transparent', async () => {
      const rootDir = await projectCopy();
      const file = path.join(rootDir, 'manifest', 'outline.png');
      const png = PNG.sync.read(await readFile(file));
      png.data.set([128, 128, 128, 255], 0);
      await writeFile(file, PNG.sync.write(png));
      const errors = failureOf(await buildAppPackage({ env: SETTINGS, rootDir, outDir: path.join(rootDir, 'build') }));
      assert.equal(errors.length, 1);
      assert.match(errors[0]!, /outline\.png must be white on a fully transparent background/);
    });
  });

  describe('fillTemplate', () => {
    it('escapes values for the JSON string they land in', () => {
      assert.equal(fillTemplate('{"a": "${{X}}"}', { X: 'a"b\\c' }).text, '{"a": "a\\"b\\\\c"}');
    });

    it('refuses a broken placeholder', () => {
      assert.deepEqual(fillTemplate('{"a": "${{X"}', { X: 'x' }).errors, ['manifest template: an unfinished ${{ placeholder remains']);
    });
  });

  describe('npm run package', () => {
    function runPackage(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
      return new Promise((resolve, reject) => {
        const child = spawn('npm', ['run', '--silent', 'package', '--', ...args], {
          cwd: ROOT,
          env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.homedir(), ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('error', reject);
        child.on('exit', (code) => resolve({ code, stdout, stderr }));
      });
    }

    it('writes the zip where --out says and tells where', async () => {
      const outDir = await tempDir('cli');
      cleanup.push(outDir);
      const { code, stdout, stderr } = await runPackage(['--out', outDir], SETTINGS);
      assert.equal(code, 0, stderr);
      const zipPath = path.join(outDir, 'appPackage.zip');
      assert.ok(stdout.includes(zipPath), stdout);
      const manifest = JSON.parse(new AdmZip(zipPath).readAsText('manifest.json')) as TeamsManifest;
      assert.equal(manifest.id, SETTINGS.TEAMS_APP_ID);
    });

    it('exits 1 with a message naming an invalid variable, writing nothing', async () => {
      const outDir = path.join(await tempDir('cli'), 'build');
      cleanup.push(path.dirname(outDir));
      const { code, stderr } = await runPackage(['--out', outDir], { ...SETTINGS, TEAMS_APP_ID: 'not-a-guid' });
      assert.equal(code, 1);
      assert.match(stderr, /TEAMS_APP_ID must be a GUID/);
      assert.equal(existsSync(outDir), false);
    });
  });
});
