import L from 'leaflet';
import type { Site } from '@marhaba/shared';
import { EXPECTED_PEAK_GLYPH, KIND_GLYPH, LEVEL_GLYPH, type SiteMarkerView } from './site-style';

/**
 * A site's marker: an HTML icon whose look is changed in place (attributes and CSS variables) on
 * every live update, so that the map never rebuilds a marker, loses focus or flickers.
 */
export function createSiteMarker(site: Site, onSelect: (siteId: string) => void, keyboard = true): L.Marker {
  const icon = L.divIcon({
    className: 'site-marker-host',
    // A zero-size host: the visible marker is centred on the point by CSS, whatever its live size.
    iconSize: [0, 0],
    html: `<span class="site-marker" data-site-id="${site.id}" data-kind="${site.kind}"><span class="site-marker__ring"></span><span class="site-marker__glyph" aria-hidden="true">${KIND_GLYPH[site.kind]}</span><span class="site-marker__badge" aria-hidden="true"></span><span class="site-marker__forecast" aria-hidden="true"></span></span>`,
  });
  const marker = L.marker([site.lat, site.lon], { icon, keyboard, title: site.name, riseOnHover: true });
  marker.on('click', () => onSelect(site.id));
  if (keyboard) {
    // Leaflet makes the marker focusable; Enter and Space open it like a button.
    marker.on('add', () =>
      marker.getElement()?.addEventListener('keydown', (event) => {
        if (event.key !== 'Enter' && event.key !== ' ') return;
        event.preventDefault();
        onSelect(site.id);
      }),
    );
  }
  return marker;
}

export function updateSiteMarker(marker: L.Marker, look: SiteMarkerView, selected: boolean): void {
  const host = marker.getElement();
  const el = host?.querySelector<HTMLElement>('.site-marker');
  if (!host || !el) return;
  if (el.dataset.level !== look.level) {
    el.dataset.level = look.level;
    el.querySelector('.site-marker__badge')!.textContent = LEVEL_GLYPH[look.level];
    marker.setZIndexOffset(look.level === 'critical' ? 1000 : look.level === 'warning' ? 500 : 0);
  }
  const peak = look.expectedPeak?.level ?? '';
  if ((el.dataset.peakExpected ?? '') !== peak) {
    if (peak) el.dataset.peakExpected = peak;
    else delete el.dataset.peakExpected;
    el.querySelector('.site-marker__forecast')!.textContent = peak ? EXPECTED_PEAK_GLYPH[peak] : '';
  }
  el.style.setProperty('--size', `${look.size}px`);
  el.style.setProperty('--fill', look.holdingFill === null ? '0' : String(look.holdingFill));
  el.classList.toggle('site-marker--holding', look.holdingFill !== null);
  el.classList.toggle('site-marker--selected', selected);
  host.setAttribute('aria-label', look.label);
  host.setAttribute('role', 'button');
  host.title = look.label;
}
