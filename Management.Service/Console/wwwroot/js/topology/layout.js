// Where things go in the topology (pure: no DOM). One column per recording server, its card on
// top and the cameras it records below it, each joined to the card by its connection line
// (seed 000 FIG. 8). Cameras with no current server get a column of their own, without lines.
export const CARD = { width: 210, height: 124 };
export const CELL = { width: 96, height: 80 };
export const ICON_RADIUS = 20;
const MARGIN = 16;
const GUTTER = 24;
const DEVICES_BELOW_CARD = 64;

/**
 * @param servers recording servers (status shape), any order
 * @param devices devices with currentServerId, any order
 * @param width the drawing's available width in pixels
 */
export function layoutTopology(servers, devices, width) {
  const groups = [...servers].sort((a, b) => a.id.localeCompare(b.id)).map((server) => ({ key: server.id, server, devices: [] }));
  const byKey = new Map(groups.map((g) => [g.key, g]));
  let unassigned = null;
  for (const device of [...devices].sort((a, b) => a.id.localeCompare(b.id))) {
    const group = byKey.get(device.currentServerId);
    if (group) group.devices.push(device);
    else (unassigned ??= { key: '', server: null, devices: [] }).devices.push(device);
  }
  if (unassigned) groups.push(unassigned);

  const columnWidth = Math.max(CARD.width + GUTTER, Math.floor((width - 2 * MARGIN) / Math.max(groups.length, 1)));
  const perRow = Math.max(1, Math.floor((columnWidth - GUTTER) / CELL.width));
  let bottom = MARGIN + CARD.height + DEVICES_BELOW_CARD + CELL.height;
  const columns = groups.map((group, index) => {
    const x = MARGIN + index * columnWidth;
    const center = x + columnWidth / 2;
    const card = { x: center - CARD.width / 2, y: MARGIN, width: CARD.width, height: CARD.height };
    const anchor = { x: center, y: card.y + card.height };
    const inFirstRow = Math.min(perRow, group.devices.length);
    const left = center - (inFirstRow * CELL.width) / 2;
    const cells = group.devices.map((device, i) => ({
      device,
      x: left + (i % perRow) * CELL.width + CELL.width / 2,
      y: anchor.y + DEVICES_BELOW_CARD + Math.floor(i / perRow) * CELL.height,
    }));
    if (cells.length) bottom = Math.max(bottom, cells.at(-1).y + CELL.height);
    return { key: group.key, server: group.server, x, width: columnWidth, card, anchor, cells };
  });
  return { columns, columnWidth, width: Math.max(width, 2 * MARGIN + groups.length * columnWidth), height: bottom + MARGIN };
}

/** The server column holding an x coordinate (a drop target), or null. */
export function columnAt(layout, x) {
  return layout.columns.find((c) => c.server && x >= c.x && x < c.x + c.width) ?? null;
}
