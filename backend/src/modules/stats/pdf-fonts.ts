import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import pdfmake from 'pdfmake';

/** The one font of the reports. DejaVu Sans has Latin and Arabic glyphs (with the joining forms that fontkit's shaper uses), so it serves the three languages. */
export const REPORT_FONT = 'DejaVu';

let ready: typeof pdfmake | null = null;

/**
 * pdfmake with our font and access policies, set up on first use rather than at import, so that loading
 * the statistics module (every start, every test) costs nothing until a PDF is asked for.
 */
export function pdfRenderer(): typeof pdfmake {
  if (ready) return ready;
  const require = createRequire(import.meta.url);
  const fontDir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  pdfmake.setFonts({
    [REPORT_FONT]: {
      normal: join(fontDir, 'DejaVuSans.ttf'),
      bold: join(fontDir, 'DejaVuSans-Bold.ttf'),
      italics: join(fontDir, 'DejaVuSans-Oblique.ttf'),
      bolditalics: join(fontDir, 'DejaVuSans-BoldOblique.ttf'),
    },
  });
  // The report embeds only our fonts and inline SVG: no URL, no other file.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => path.startsWith(fontDir));
  ready = pdfmake;
  return ready;
}
