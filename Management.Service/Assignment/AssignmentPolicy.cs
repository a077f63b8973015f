namespace VmsServices.Management.Assignment;

/// <summary>
/// Picks the recording server for a camera (seed 001: "a server with capacity takes it"): among the
/// candidates whose limits still allow one more stream, the one with the most headroom left on its
/// tightest limit; ties go to fewer streams, then to the smaller id, so the choice is deterministic.
/// One pass over the candidates: O(servers) per decision.
/// </summary>
public static class AssignmentPolicy
{
    public static ServerCandidate? Choose(IEnumerable<ServerCandidate> candidates, long bitsPerSecond)
    {
        ServerCandidate? best = null;
        var bestHeadroom = 0.0;
        foreach (var c in candidates)
        {
            var headroom = c.HeadroomAfter(bitsPerSecond);
            if (headroom < 0) continue;
            if (best is null || headroom > bestHeadroom
                || headroom == bestHeadroom && (c.Streams < best.Streams || c.Streams == best.Streams && string.CompareOrdinal(c.Id, best.Id) < 0))
                (best, bestHeadroom) = (c, headroom);
        }
        return best;
    }
}
