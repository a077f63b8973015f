namespace VmsServices.TestSupport;

/// <summary>
/// Waits for a condition that becomes true asynchronously (an event crossing the bus). The
/// timeout bounds a hang; it is not a performance threshold.
/// </summary>
public static class Eventually
{
    public static async Task<T> Get<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last = default!;
        Exception? lastError = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await probe();
                lastError = null;
                if (done(last)) return last;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                lastError = e;
            }
            await Task.Delay(100);
        }
        Assert.Fail($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}. Last value: {last}; last error: {lastError?.Message}");
        return last;
    }
}
