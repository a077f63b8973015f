using System.Net;
using System.Net.Http.Headers;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Http;

namespace VmsServices.Vmsctl.Export;

/// <summary>
/// Downloads one URL to a file so that an interrupted run can continue where it stopped: bytes go
/// to <c>out.mp4.part</c>, described by <see cref="DownloadSidecar"/>; the next run asks for the
/// rest with a Range request (RFC 9110 §14.2) guarded by If-Range, and keeps the bytes only when
/// the server honoured exactly that range of the same total (206 with a matching Content-Range);
/// anything else starts over cleanly. The finished .part is renamed to the final name.
/// </summary>
public sealed class ResumableDownload(ApiClient api, TransferProgress progress, Action<string> note)
{
    private const int BufferBytes = 81920;

    public sealed record Result(long Bytes, long ResumedAtBytes);

    /// <param name="identity">What the .part must have been started for; its Source is the URL.</param>
    /// <param name="interruptAt">Testing: stop as if interrupted once the .part holds this many bytes.</param>
    public async Task<Result> RunAsync(DownloadSidecar identity, string finalPath, bool overwrite, long? interruptAt, CancellationToken ct)
    {
        var part = finalPath + ".part";
        var sidecarPath = part + ".json";
        var previous = Resumable(identity, part, sidecarPath);

        if (previous is not null && new FileInfo(part).Length == previous.TotalBytes)
            return Finish(part, sidecarPath, finalPath, overwrite, previous.TotalBytes, previous.TotalBytes);

        var offset = previous is null ? 0 : new FileInfo(part).Length;
        var response = await OpenAsync(identity.Source, offset, previous, ct);
        try
        {
            if (offset > 0 && !HonouredRange(response, offset, previous!.TotalBytes))
            {
                note(response.StatusCode == HttpStatusCode.OK
                    ? "the server sent the whole file (the range was not honoured, or the recording changed): starting over"
                    : $"the server answered {(int)response.StatusCode} {response.Content.Headers.ContentRange} instead of bytes {offset}-: starting over");
                offset = 0;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    response.Dispose();
                    response = await OpenAsync(identity.Source, 0, null, ct);
                }
            }
            if (offset > 0) note($"resuming at byte {offset} of {previous!.TotalBytes}");

            var sidecar = offset > 0 ? previous! : Describe(identity, response);
            // The sidecar first: a .part never exists without the description of what it is part of.
            if (offset == 0) sidecar.Save(sidecarPath);
            var written = await CopyAsync(response, part, offset, sidecar.TotalBytes, interruptAt, ct);
            if (sidecar.TotalBytes >= 0 && written != sidecar.TotalBytes)
                throw new CliException(ExitCodes.Unavailable, "Transfer incomplete", $"the server ended at byte {written} of {sidecar.TotalBytes}; {Kept(written, part)}");
            return Finish(part, sidecarPath, finalPath, overwrite, written, offset);
        }
        finally
        {
            response.Dispose();
        }
    }

    /// <summary>The previous run's sidecar when its .part belongs to this same download; otherwise both are removed.</summary>
    private DownloadSidecar? Resumable(DownloadSidecar identity, string part, string sidecarPath)
    {
        var sidecar = DownloadSidecar.TryLoad(sidecarPath);
        var partExists = File.Exists(part);
        if (partExists && sidecar is not null && sidecar.Source == identity.Source && sidecar.TotalBytes > 0
            && new FileInfo(part).Length <= sidecar.TotalBytes)
            return sidecar;
        if (partExists || sidecar is not null)
        {
            note(partExists && sidecar?.Source is { } other && other != identity.Source
                ? $"{Path.GetFileName(part)} belongs to another export ({other}): starting over"
                : $"{Path.GetFileName(part)} cannot be resumed (no matching description of it): starting over");
            File.Delete(part);
            File.Delete(sidecarPath);
        }
        return null;
    }

    private async Task<HttpResponseMessage> OpenAsync(string source, long offset, DownloadSidecar? previous, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, source);
        if (offset > 0)
        {
            request.Headers.Range = new RangeHeaderValue(offset, null);
            // If-Range: the rest only if the entity is still the one the first bytes came from (RFC 9110 §13.1.5).
            if (previous?.ETag is { } etag && EntityTagHeaderValue.TryParse(etag, out var tag) && !tag.IsWeak)
                request.Headers.IfRange = new RangeConditionHeaderValue(tag);
            else if (previous?.LastModified is { } modified && DateTimeOffset.TryParse(modified, out var at))
                request.Headers.IfRange = new RangeConditionHeaderValue(at);
        }
        return await api.OpenAsync(request, ct);
    }

    private static bool HonouredRange(HttpResponseMessage response, long offset, long total) =>
        response.StatusCode == HttpStatusCode.PartialContent
        && response.Content.Headers.ContentRange is { HasRange: true, From: { } from, To: { } to, Length: { } length }
        && from == offset && to == total - 1 && length == total;

    private static DownloadSidecar Describe(DownloadSidecar identity, HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.OK)
            throw new CliException(ExitCodes.Failure, "Unexpected answer", $"asked for the whole file, the server answered {(int)response.StatusCode}.");
        return identity with
        {
            // No announced length (chunked): the download still works, only a resume of it does not.
            TotalBytes = response.Content.Headers.ContentLength ?? -1,
            ETag = response.Headers.ETag?.ToString(),
            LastModified = response.Content.Headers.LastModified?.ToString("R"),
        };
    }

    /// <summary>Appends the body at <paramref name="offset"/>; returns the .part's length. No data for --timeout is a stall, not a hang.</summary>
    private async Task<long> CopyAsync(HttpResponseMessage response, string part, long offset, long total, long? interruptAt, CancellationToken ct)
    {
        // Unbuffered: the reads are already large, and what was read is in the file at once, so a crash or kill keeps it.
        await using var file = new FileStream(part, offset == 0 ? FileMode.Create : FileMode.Open, FileAccess.Write, FileShare.None, bufferSize: 0, useAsync: true);
        file.Seek(offset, SeekOrigin.Begin);
        await using var body = await ReadNetworkAsync(() => response.Content.ReadAsStreamAsync(ct), file.Position, part, ct);
        var buffer = new byte[BufferBytes];
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
        progress.Report(offset, total);
        while (true)
        {
            var want = interruptAt is { } stop ? (int)Math.Clamp(stop - file.Position, 0, buffer.Length) : buffer.Length;
            if (want == 0)
                throw new CliException(ExitCodes.Interrupted, "Interrupted", $"stopped at byte {file.Position} (--interrupt-at); {Kept(file.Position, part)}");
            idle.CancelAfter(api.Timeout);
            var read = await ReadNetworkAsync(() => body.ReadAsync(buffer.AsMemory(0, want), idle.Token).AsTask(), file.Position, part, ct);
            if (read == 0) break;
            // Not cancelled mid-write: Ctrl+C is noticed at the next read, which reports what was kept.
            await file.WriteAsync(buffer.AsMemory(0, read), CancellationToken.None);
            progress.Report(file.Position, total);
        }
        progress.Done(file.Position, total);
        return file.Position;
    }

    /// <summary>One read from the server: Ctrl+C, a stall and a broken connection each end the run with what was kept.</summary>
    private async Task<T> ReadNetworkAsync<T>(Func<Task<T>> read, long position, string part, CancellationToken ct)
    {
        try
        {
            return await read();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Interrupted, "Interrupted", Kept(position, part));
        }
        catch (OperationCanceledException)
        {
            throw new CliException(ExitCodes.Timeout, "Transfer stalled", $"no data for {api.Timeout.TotalSeconds:0.###} s (--timeout); {Kept(position, part)}");
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new CliException(ExitCodes.Unavailable, "Transfer broken", $"{e.Message}; {Kept(position, part)}");
        }
    }

    private static string Kept(long position, string part) =>
        $"{position} bytes kept in {Path.GetFileName(part)}: run the same command again to resume.";

    private static Result Finish(string part, string sidecarPath, string finalPath, bool overwrite, long bytes, long resumedAt)
    {
        File.Move(part, finalPath, overwrite);
        File.Delete(sidecarPath);
        return new Result(bytes, resumedAt);
    }
}
