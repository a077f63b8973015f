// A move as the operator sees it: one request, then wait for the management server's acknowledgement.
import { ApiError, getJson, postJson, segment } from '../api.js';
import { isRunningMove } from '../model.js';

const POLL_MS = 1000;

/**
 * POST /api/devices/{id}/move: 200 when the move took effect; 202 while it still runs (then its
 * state is polled until it ends); a problem document (409, 502, 504...) when refused or failed.
 * Resolves with the completed move, rejects with an ApiError naming the reason.
 */
export async function moveDevice(deviceId, toServerId) {
  const { status, data } = await postJson(`devices/${segment(deviceId)}/move`, { toRecordingServerId: toServerId });
  let move = data;
  while (status === 202 && isRunningMove(move)) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    move = await getJson(`moves/${segment(move.id)}`);
  }
  if (move.state === 'Failed') throw new ApiError(502, 'Move failed', move.reason ?? move.failure ?? 'The move failed.', move);
  return move;
}
