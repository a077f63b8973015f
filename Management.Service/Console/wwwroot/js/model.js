// Reading the API's shapes: what the views need to know of a device and of a move.
import { getJson, segment } from './api.js';

/** The recording server a device records on now (its current video row, else any current row). */
export function currentServerOf(deviceConfiguration) {
  const current = deviceConfiguration.entries.filter((e) => e.isCurrent);
  return (current.find((e) => e.dataType === 'video') ?? current[0])?.recordingServerId ?? null;
}

/** Servers that hold older recordings of the device (non-current rows). */
export function previousServersOf(deviceConfiguration) {
  const current = currentServerOf(deviceConfiguration);
  return [...new Set(deviceConfiguration.entries.filter((e) => !e.isCurrent && e.recordingServerId !== current).map((e) => e.recordingServerId))];
}

export const isRunningMove = (move) => move.state === 'Initial' || move.state === 'Preparing';

/** Devices with their current server, sorted by id. */
export async function loadDevices(signal) {
  const devices = await getJson('devices', undefined, signal);
  return devices
    .map((d) => ({ ...d.device, currentServerId: currentServerOf(d), previousServerIds: previousServersOf(d), entries: d.entries }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

export const loadHistory = (deviceId, signal) => getJson(`devices/${segment(deviceId)}/history`, undefined, signal);
