// Opens a report page in a real headless Chromium (Debian's `chromium` package, driven by
// playwright-core; no browser is ever downloaded) and reads back what a person would see: the
// console errors, every request the page made, each chart's drawn marks and shaded fault
// windows, and a full-page PNG saved under test-artifacts/ (git ignores it).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { FAULT_LABEL_LAYER, FAULT_LAYER } from './time-chart.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

/** The flags the closed network here needs: no background connection is even tried. */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface ChartSeen {
  id: string;
  /** Mark elements (paths, lines, text of data marks) with a drawn area, outside the axes. */
  drawnMarks: number;
  /** Shaded fault windows with a width on screen. */
  faultWindows: number;
  /** Labels of the fault windows, as shown. */
  faultLabels: string[];
}

export interface PageSeen {
  consoleErrors: string[];
  /** Every URL the page asked for besides itself. */
  requests: string[];
  charts: ChartSeen[];
  text: string;
  screenshot: string;
}

export function chromiumInstalled(): boolean {
  return fs.existsSync(CHROMIUM);
}

export async function openPage(file: string, artifact: string): Promise<PageSeen> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
  try {
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    const requests: string[] = [];
    const url = `file://${path.resolve(file)}`;
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    page.on('request', (r) => {
      if (r.url() !== url) requests.push(r.url());
    });
    await page.goto(url, { waitUntil: 'load' });
    const charts = await page.evaluate(([faultClass, labelClass]) => {
      // Runs in the page: the project compiles without the DOM's types, so they are described here.
      interface El {
        id: string;
        tagName: string;
        textContent: string | null;
        getAttribute(n: string): string | null;
        getBBox(): { width: number; height: number };
        querySelectorAll(q: string): Iterable<El>;
      }
      const doc = (globalThis as unknown as { document: El }).document;
      return [...doc.querySelectorAll('figure.chart')].map((fig) => {
        const sized = (e: El) => {
          const b = e.getBBox();
          return b.width > 0 || b.height > 0;
        };
        const marks = [...fig.querySelectorAll(`g.role-mark:not(.${faultClass}_marks):not(.${labelClass}_marks) > *`)].filter((e) => (e.tagName === 'path' ? (e.getAttribute('d') ?? '') !== '' : true) && sized(e));
        const shading = [...fig.querySelectorAll(`g.${faultClass}_marks > path`)].filter((e) => e.getBBox().width > 0);
        const labels = [...fig.querySelectorAll(`g.${labelClass}_marks text`)].map((t) => t.textContent ?? '');
        return { id: fig.id, drawnMarks: marks.length, faultWindows: shading.length, faultLabels: labels };
      });
    }, [FAULT_LAYER, FAULT_LABEL_LAYER]);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const screenshot = path.join(ARTIFACTS, `${artifact}.png`);
    await page.screenshot({ path: screenshot, fullPage: true });
    const text = await page.innerText('body');
    return { consoleErrors, requests, charts, text, screenshot };
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}
