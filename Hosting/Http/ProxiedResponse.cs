using Microsoft.AspNetCore.Http;

namespace VmsServices.Hosting.Http;

/// <summary>
/// Relays an upstream HTTP response (a recording server answering for a segment or a playback)
/// to the client as the bytes arrive, never buffered whole: status, entity headers and body. The
/// upstream must have been requested with HttpCompletionOption.ResponseHeadersRead.
/// </summary>
public sealed class ProxiedResponse(HttpResponseMessage upstream, TimeSpan transferTimeout) : IResult
{
    /// <summary>Large enough that a segment (about 1 MB) crosses in a few reads, each sent on while the next is read.</summary>
    private const int CopyBufferBytes = 256 * 1024;

    private static readonly string[] ContentHeaders = ["Content-Type", "Content-Length", "Content-Range", "Content-Disposition", "Last-Modified"];

    public async Task ExecuteAsync(HttpContext http)
    {
        using (upstream)
        {
            http.Response.StatusCode = (int)upstream.StatusCode;
            foreach (var name in ContentHeaders)
                if (upstream.Content.Headers.TryGetValues(name, out var values)) http.Response.Headers[name] = values.ToArray();
            if (upstream.Headers.TryGetValues("Accept-Ranges", out var ranges)) http.Response.Headers.AcceptRanges = ranges.ToArray();
            if (upstream.Headers.ETag is { } etag) http.Response.Headers.ETag = etag.ToString();
            // HttpClient.Timeout no longer applies once the headers are in: bound a stalled upstream here.
            using var transfer = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
            transfer.CancelAfter(transferTimeout);
            try
            {
                await using var body = await upstream.Content.ReadAsStreamAsync(transfer.Token);
                await body.CopyToAsync(http.Response.Body, CopyBufferBytes, transfer.Token);
            }
            catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
            {
                http.Abort(); // the upstream went away mid-body: the client must see a broken transfer, not a short file
            }
        }
    }

    /// <summary>Copies the headers a ranged, conditional media request depends on.</summary>
    public static void CopyRequestHeaders(HttpRequest from, HttpRequestMessage to)
    {
        if (from.Headers.Range.Count > 0) to.Headers.TryAddWithoutValidation("Range", from.Headers.Range.ToString());
        if (from.Headers.IfRange.Count > 0) to.Headers.TryAddWithoutValidation("If-Range", from.Headers.IfRange.ToString());
    }
}
