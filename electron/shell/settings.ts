import fs from 'node:fs';
import path from 'node:path';
import { isInterfaceLanguage, type InterfaceLanguage } from './shell-text.js';

const MAX_RECENT = 8;

interface Stored {
  recent: string[];
  language: InterfaceLanguage | null;
}

/**
 * The shell's own small state, in userData/shell-settings.json: the recent catalogues, and
 * the interface language the page last chose, so the next start's menus and first dialogs
 * speak it before the page has loaded.
 */
export class ShellSettings {
  private recentDirs: string[];
  private chosenLanguage: InterfaceLanguage | null;

  constructor(private readonly file: string) {
    const stored = ShellSettings.read(file);
    this.recentDirs = stored.recent;
    this.chosenLanguage = stored.language;
  }

  private static read(file: string): Stored {
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { recent?: unknown; language?: unknown };
      const recent = Array.isArray(parsed.recent)
        ? parsed.recent.filter((d): d is string => typeof d === 'string' && path.isAbsolute(d)).slice(0, MAX_RECENT)
        : [];
      return { recent, language: isInterfaceLanguage(parsed.language) ? parsed.language : null };
    } catch {
      return { recent: [], language: null }; // first run, or a damaged file: nothing remembered
    }
  }

  get recent(): readonly string[] {
    return this.recentDirs;
  }

  /** The language remembered from the page, or null when it never said one. */
  get language(): InterfaceLanguage | null {
    return this.chosenLanguage;
  }

  remember(dir: string): void {
    this.recentDirs = [dir, ...this.recentDirs.filter((d) => d !== dir)].slice(0, MAX_RECENT);
    this.save();
  }

  clear(): void {
    this.recentDirs = [];
    this.save();
  }

  rememberLanguage(language: InterfaceLanguage): void {
    if (language === this.chosenLanguage) return;
    this.chosenLanguage = language;
    this.save();
  }

  private save(): void {
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const stored: Partial<Stored> = { recent: this.recentDirs, ...(this.chosenLanguage ? { language: this.chosenLanguage } : {}) };
      fs.writeFileSync(this.file, `${JSON.stringify(stored, null, 2)}\n`);
    } catch (error) {
      console.error('ratio: cannot save the shell settings', error);
    }
  }
}
