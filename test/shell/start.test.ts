// `npm install` then `npm start` on a fresh machine, with Electron 45's package as published
// (no binary until its first run) and stand-in build tools: the postinstall, the strict
// check and the order in which `npm start` makes what the app needs before it launches.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeStandInProject, type StandInProject } from './stand-in-project.js';

let project: StandInProject | null = null;

afterEach(() => {
  project?.remove();
  project = null;
});

function run(p: StandInProject, script: string, args: string[] = [], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [path.join('electron', 'build', script), ...args], {
    cwd: p.dir,
    env: p.env(env),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, output: `${result.stdout}\n${result.stderr}` };
}

const postinstall = (p: StandInProject, env: Record<string, string> = {}) => run(p, 'native-electron.mjs', [], env);
const strict = (p: StandInProject, env: Record<string, string> = {}) => run(p, 'native-electron.mjs', ['--strict'], env);
const npmStart = (p: StandInProject, args: string[] = [], env: Record<string, string> = {}) => run(p, 'start.mjs', args, env);
const binaryPresent = (p: StandInProject) => fs.existsSync(path.join(p.dir, 'node_modules', 'electron', 'path.txt'));

// The stand-in electron package declares a Node range this Node meets, except where a test
// checks the refusal: the machine running the tests may have Node 20.
const standIn = (options: Parameters<typeof makeStandInProject>[0] = {}) =>
  (project = makeStandInProject({ electronNodeRange: `>= ${process.versions.node}`, ...options }));

describe('a fresh machine: npm install, then npm start', () => {
  it('builds the Electron addon at install although Electron has no binary yet', () => {
    const p = standIn();
    expect(binaryPresent(p)).toBe(false);
    const install = postinstall(p);
    expect(install.status, install.output).toBe(0);
    expect(binaryPresent(p)).toBe(false);
    expect(p.steps()).toEqual([
      `prebuild-install --runtime electron --target ${p.electronVersion} --arch ${process.arch}`,
      `node-gyp rebuild --release --target=${p.electronVersion} --arch=${process.arch} --dist-url=https://electronjs.org/headers`,
    ]);
    expect(fs.readFileSync(p.addon, 'utf8')).toBe(`ELF stand-in for Electron --target=${p.electronVersion}`);
    const record = JSON.parse(fs.readFileSync(p.builtFor, 'utf8')) as Record<string, string>;
    expect(record).toMatchObject({ electron: p.electronVersion, abi: '150', platform: process.platform, arch: process.arch });
    expect(record.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('npm start builds, fetches the binary, builds the addon, and only then launches', () => {
    const p = standIn();
    // The install could not build it (no headers then): npm start must.
    const install = postinstall(p, { RATIO_STANDIN_GYP: 'fail' });
    expect(install.status, install.output).toBe(0);
    expect(install.stderr).toContain('"npm start" tries again');
    expect(fs.existsSync(p.addon)).toBe(false);
    fs.writeFileSync(p.log, '');

    const start = npmStart(p, ['partner.ratio']);
    expect(start.status, start.output).toBe(0);
    const steps = p.steps().filter((s) => !s.startsWith('prebuild-install'));
    expect(steps).toEqual([
      'vite build',
      'build-node',
      `download electron ${p.electronVersion} ${process.platform}-${process.arch}`,
      expect.stringMatching(new RegExp(`^node-gyp rebuild --release --target=${p.electronVersion.replace(/\./g, '\\.')} `)),
      `electron . partner.ratio addon=built-for-${p.electronVersion}`,
    ]);
    expect(binaryPresent(p)).toBe(true);

    // The second start finds everything in place and only builds the bundles.
    fs.writeFileSync(p.log, '');
    expect(npmStart(p).status).toBe(0);
    expect(p.steps()).toEqual(['vite build', 'build-node', `electron . addon=built-for-${p.electronVersion}`]);
  });

  it('--strict fails when the addon is missing and cannot be built; npm start then never launches', () => {
    const p = standIn();
    const failed = strict(p, { RATIO_STANDIN_GYP: 'fail' });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain(`could not build better-sqlite3`);
    expect(failed.stderr).toContain('the desktop app cannot start without it');
    expect(fs.existsSync(p.addon)).toBe(false);

    fs.writeFileSync(p.log, '');
    const start = npmStart(p, [], { RATIO_STANDIN_GYP: 'fail' });
    expect(start.status).toBe(1);
    expect(start.stderr).toContain('building better-sqlite3 for Electron failed');
    expect(p.steps().some((s) => s.startsWith('electron '))).toBe(false);
  });

  it('--strict rebuilds a build made for another Electron, and fails (removing it) when it cannot', () => {
    const p = standIn();
    expect(postinstall(p).status).toBe(0);
    const record = JSON.parse(fs.readFileSync(p.builtFor, 'utf8')) as Record<string, string>;
    fs.writeFileSync(p.builtFor, JSON.stringify({ ...record, electron: '44.0.0' }));
    const refused = strict(p, { RATIO_STANDIN_GYP: 'fail' });
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain('electron 44.0.0 instead of');
    expect(fs.existsSync(p.addon)).toBe(false);

    const rebuilt = strict(p);
    expect(rebuilt.status, rebuilt.output).toBe(0);
    expect((JSON.parse(fs.readFileSync(p.builtFor, 'utf8')) as Record<string, string>).electron).toBe(p.electronVersion);

    // A file that is not the one recorded is stale too.
    fs.appendFileSync(p.addon, 'changed');
    expect(strict(p, { RATIO_STANDIN_GYP: 'fail' }).stdout).toContain('is not the file that was built');
  });

  it('is up to date without building again', () => {
    const p = standIn();
    expect(postinstall(p).status).toBe(0);
    fs.writeFileSync(p.log, '');
    const again = strict(p);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('is up to date');
    expect(p.steps()).toEqual([]);
  });

  it('skips at install only when RATIO_SKIP_ELECTRON_ADDON=1 says so; --strict does not skip', () => {
    const p = standIn();
    const skipped = postinstall(p, { RATIO_SKIP_ELECTRON_ADDON: '1' });
    expect(skipped.status).toBe(0);
    expect(skipped.stdout.trim().split('\n')).toHaveLength(1);
    expect(p.steps()).toEqual([]);
    const strictRun = strict(p, { RATIO_SKIP_ELECTRON_ADDON: '1', RATIO_STANDIN_GYP: 'fail' });
    expect(strictRun.status).toBe(1);
    expect(strictRun.stdout).toContain('applies to npm install only');
  });

  it('does not treat ELECTRON_SKIP_BINARY_DOWNLOAD as a reason to skip (it does nothing for Electron 45)', () => {
    const p = standIn();
    const install = postinstall(p, { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    expect(install.status).toBe(0);
    expect(install.stdout).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD does nothing');
    expect(fs.existsSync(p.addon)).toBe(true);
  });

  it('warns instead of failing the install when no node-gyp can be found', () => {
    const p = standIn({ buildTools: false });
    const install = postinstall(p);
    expect(install.status, install.output).toBe(0);
    expect(install.stdout).toContain('passed over');
    expect(install.stderr).toContain('could not build better-sqlite3');
    expect(strict(p).status).toBe(1);
  });

  it('refuses a build made against Node’s headers (a nodedir setting) instead of Electron’s', () => {
    const p = standIn();
    const refused = strict(p, { RATIO_STANDIN_GYP: 'node', npm_config_nodedir: '/usr' });
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain('not for Electron');
    // The inherited nodedir never reached node-gyp.
    expect(p.steps().find((s) => s.startsWith('node-gyp'))).not.toContain('nodedir=');
    expect(fs.existsSync(p.addon)).toBe(false);
  });

  it('says which Node Electron’s download needs, and needs it only for the download', () => {
    const p = standIn({ electronNodeRange: '>= 99.0.0' });
    const start = npmStart(p);
    expect(start.status).toBe(1);
    expect(start.stderr).toContain(`needs Node >= 99.0.0; this is Node ${process.versions.node}`);
    expect(start.stderr).toContain('Node 20.19');
    expect(p.steps()).toEqual(['vite build', 'build-node']);

    // Once the binary is there (fetched some other way), this Node is enough.
    const download = spawnSync(process.execPath, [path.join(p.dir, 'node_modules', 'electron', 'install.js')], { env: p.env(), encoding: 'utf8' });
    expect(download.status, download.stderr).toBe(0);
    fs.writeFileSync(p.log, '');
    const started = npmStart(p);
    expect(started.status, started.output).toBe(0);
    expect(p.steps().at(-1)).toBe(`electron . addon=built-for-${p.electronVersion}`);
  });
});
