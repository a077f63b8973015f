using Microsoft.Extensions.Logging;

namespace VmsServices.Hosting;

/// <summary>
/// One pass of a background loop (a resynchronization, a refresh, a housekeeping run), guarded: an
/// exception it throws is logged and the loop goes on at its next pass. An exception escaping a
/// BackgroundService stops the whole host by default, and a recording server must not stop recording
/// because a side task met a failure nobody foresaw.
/// </summary>
public static class BackgroundPass
{
    /// <returns>False when the pass failed (logged), true otherwise. Cancellation by <paramref name="stopping"/> propagates.</returns>
    public static async Task<bool> RunAsync(ILogger log, string pass, Func<Task> run, CancellationToken stopping)
    {
        try
        {
            await run();
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException && !stopping.IsCancellationRequested)
        {
            log.LogError(e, "{Pass} failed; tried again at its next pass", pass);
            return false;
        }
    }
}
