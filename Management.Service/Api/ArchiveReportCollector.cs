using System.Globalization;
using System.Text.Json;
using VmsServices.Management.Forwarding;
using VmsServices.Messages;

namespace VmsServices.Management.Api;

/// <summary>
/// Asks every registered server for its <c>GET /api/archive</c>, all at once, each within
/// <see cref="Timeout"/>, with the caller's token. Never throws for a server: one that cannot be
/// reached, answers late, refuses, or answers something else comes back with the reason, so that
/// one server down does not hide the others' figures.
/// </summary>
public sealed class ArchiveReportCollector(IHttpClientFactory clients, ILogger<ArchiveReportCollector> log)
{
    private const int MaxReasonChars = 300;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>How long each server may take to answer, body included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    public async Task<IReadOnlyList<ServerArchiveAnswer>> CollectAsync(IEnumerable<RecordingServerRecord> servers, string? token, CancellationToken ct) =>
        await Task.WhenAll(servers.Select(s => AskAsync(s, token, ct)));

    private async Task<ServerArchiveAnswer> AskAsync(RecordingServerRecord server, string? token, CancellationToken ct)
    {
        var answer = await TryAskAsync(server, token, ct);
        if (answer.Failure is { } reason) log.LogWarning("Archive report of {Server} ({Address}) missing: {Reason}", server.Id, server.Address, reason);
        return answer;
    }

    private async Task<ServerArchiveAnswer> TryAskAsync(RecordingServerRecord server, string? token, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(server.Address.TrimEnd('/') + "/"), "api/archive"));
            request.Headers.Accept.ParseAdd("application/json");
            CallerToken.Attach(request, token);
            using var response = await clients.CreateClient(RecordingForwarder.ClientName).SendAsync(request, limit.Token);
            var body = await response.Content.ReadAsStringAsync(limit.Token);
            if (!response.IsSuccessStatusCode) return ServerArchiveAnswer.Failed(server, Refusal(response, body));
            var report = JsonSerializer.Deserialize<ServerArchiveReport>(body, Json);
            if (!IsWellFormed(report)) return ServerArchiveAnswer.Failed(server, "its answer is not an archive report");
            return report.RecordingServerId == server.Id
                ? ServerArchiveAnswer.Answered(server, report)
                // Another server at this address (a stale or mistyped registration): its figures would be counted twice.
                : ServerArchiveAnswer.Failed(server, $"the server at {server.Address} answered as '{Cut(report.RecordingServerId)}'");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return ServerArchiveAnswer.Failed(server, string.Create(CultureInfo.InvariantCulture, $"no answer within {Timeout.TotalSeconds:0.#} s"));
        }
        catch (HttpRequestException e)
        {
            return ServerArchiveAnswer.Failed(server, Cut(e.Message));
        }
        catch (JsonException e)
        {
            return ServerArchiveAnswer.Failed(server, $"its answer is not an archive report: {Cut(e.Message)}");
        }
        catch (UriFormatException e)
        {
            return ServerArchiveAnswer.Failed(server, $"its address is not a URL: {Cut(e.Message)}");
        }
    }

    /// <summary>Everything the merge reads is there (JSON leaves a missing property null, whatever the type says).</summary>
    private static bool IsWellFormed([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] ServerArchiveReport? report) =>
        report is { RecordingServerId: not null, Role: not null, Devices: not null }
        && report.Devices.All(d => d is { DeviceId: not null, DataType: not null, Live: not null, Archived: not null, Pending: not null });

    /// <summary>The status, and the problem document's detail when the server sent one (a 401 or 403 says why).</summary>
    private static string Refusal(HttpResponseMessage response, string body)
    {
        var status = $"answered {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
        try
        {
            using var problem = JsonDocument.Parse(body);
            if (problem.RootElement.ValueKind == JsonValueKind.Object && problem.RootElement.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
                return $"{status}: {Cut(detail.GetString()!)}";
        }
        catch (JsonException)
        {
            // Not a problem document (a proxy's page): the status says enough.
        }
        return status;
    }

    private static string Cut(string text) => text.Length <= MaxReasonChars ? text : text[..MaxReasonChars] + "...";
}
