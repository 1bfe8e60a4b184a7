import fs from 'node:fs';
import path from 'node:path';

const MAX_RECENT = 8;

/** The shell's own small state (recent catalogues), in userData/shell-settings.json. */
export class ShellSettings {
  private recentDirs: string[];

  constructor(private readonly file: string) {
    this.recentDirs = ShellSettings.read(file);
  }

  private static read(file: string): string[] {
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { recent?: unknown };
      return Array.isArray(parsed.recent) ? parsed.recent.filter((d): d is string => typeof d === 'string' && path.isAbsolute(d)).slice(0, MAX_RECENT) : [];
    } catch {
      return []; // first run, or a damaged file: start with no recent catalogues
    }
  }

  get recent(): readonly string[] {
    return this.recentDirs;
  }

  remember(dir: string): void {
    this.recentDirs = [dir, ...this.recentDirs.filter((d) => d !== dir)].slice(0, MAX_RECENT);
    this.save();
  }

  clear(): void {
    this.recentDirs = [];
    this.save();
  }

  private save(): void {
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.writeFileSync(this.file, `${JSON.stringify({ recent: this.recentDirs }, null, 2)}\n`);
    } catch (error) {
      console.error('ratio: cannot save the recent catalogues', error);
    }
  }
}
