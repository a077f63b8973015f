// A camera's history events and moves as sentences (pure: no DOM).
const FAILOVER = 'system:failover';
const REBALANCE = 'system:rebalance';

/** { kind, label, text } for one event of GET /api/devices/{id}/history. */
export function describeEvent(event) {
  const on = event.recordingServerId;
  const from = event.fromRecordingServerId;
  switch (event.kind) {
    case 'added':
      return { kind: 'added', label: 'Added', text: `Registered and assigned to ${on}${event.detail ? ` (${event.detail} placement)` : ''}.` };
    case 'moved':
      if (event.detail === FAILOVER) return { kind: 'failover', label: 'Failed over', text: `Moved from ${from} to ${on} because ${from} stopped answering.` };
      if (event.detail === REBALANCE) return { kind: 'rebalanced', label: 'Rebalanced', text: `Moved from ${from} to ${on} to even out the load.` };
      return { kind: 'moved', label: 'Moved', text: `Moved from ${from} to ${on}${event.detail ? `, requested by ${event.detail}` : ''}.` };
    case 'online':
      return { kind: 'online', label: 'Online', text: `Recording on ${on}.` };
    case 'offline':
      return { kind: 'offline', label: 'Offline', text: `${on} could not record it${event.detail ? `: ${event.detail}` : ''}.` };
    case 'removed':
      return { kind: 'removed', label: 'Removed', text: 'Unregistered; its recordings stay on their servers until retention removes them.' };
    default:
      return { kind: event.kind, label: event.kind, text: [on, event.detail].filter(Boolean).join(' — ') };
  }
}

/**
 * A move from GET /api/moves that the history does not show (the history records only what
 * changed the table): one still under way, or one that failed and left the camera where it was.
 */
export function describeMove(move) {
  if (move.state === 'Initial' || move.state === 'Preparing') {
    return { kind: 'moving', label: 'Moving', text: `Moving from ${move.fromRecordingServerId} to ${move.toRecordingServerId} (requested by ${move.requestedBy}).` };
  }
  if (move.state === 'Failed') {
    return { kind: 'move-failed', label: 'Move failed', text: `Not moved to ${move.toRecordingServerId}, stayed on ${move.fromRecordingServerId}: ${move.reason ?? move.failure ?? 'no reason given'}.` };
  }
  return null;
}
