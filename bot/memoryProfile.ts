// Imported first by the server's entry point, before anything else is loaded. A samordningsmöte
// server serves a few dozen people: memory counts for more than a fraction of a millisecond per
// request. V8's size-optimised mode keeps the heap small (measured here: about 115 MB idle and
// 140 MB after 2,000 case submissions, against 150 and 205 MB without) at about 0.4 ms more per
// request.
import v8 from 'node:v8';

v8.setFlagsFromString('--optimize-for-size');

// The other half is on the command line of every way the server is started (`npm start`,
// `npm run start:prod`, the systemd unit; tests/deploy/serverCommand.spec.ts keeps them alike):
// `--max-semi-space-size=4`, which V8 reads only when it lays out the heap, before this file runs.
// Left at its default (16 MB a half), the young generation of a server that reads a year of fifty
// meetings for a manager's follow-up grows to 32 MB and stays resident; at 4 MB the same
// follow-up is as fast (docs/benchmarks.md).
