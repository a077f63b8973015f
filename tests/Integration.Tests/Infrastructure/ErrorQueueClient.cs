using System.Net.Http.Json;
using System.Text.Json;

namespace VmsServices.Integration.Tests.Infrastructure;

/// <summary>The management server's failed-message API (/api/errors), typed for the tests.</summary>
public sealed class ErrorQueueClient(ServiceClient management)
{
    public const string ManagementErrors = "vms-management_error";

    public async Task<IReadOnlyList<ErrorQueue>> ListAsync() =>
        (await management.Http.GetFromJsonAsync<List<ErrorQueue>>("/api/errors"))!;

    public async Task<ErrorPage> PageAsync(string queue = ManagementErrors, string query = "") =>
        (await management.Http.GetFromJsonAsync<ErrorPage>($"/api/errors/{queue}{query}"))!;

    public async Task<JsonElement> DetailAsync(string messageId, string queue = ManagementErrors) =>
        await management.Http.GetFromJsonAsync<JsonElement>($"/api/errors/{queue}/{messageId}");

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path) =>
        await management.Http.SendAsync(new HttpRequestMessage(method, path));
}

public sealed record ErrorQueue(string Queue, string SourceQueue, long Messages, long Consumers);

public sealed record FailedMessage(
    string Id, string? MessageType, string SourceQueue, string? DestinationAddress, string? FaultExceptionType, string? FaultMessage,
    long? FaultedUtcMicros, long SizeBytes, int Retries);

public sealed record ErrorPage(string Queue, string SourceQueue, long Total, int Offset, int Limit, bool Truncated, IReadOnlyList<FailedMessage> Messages)
{
    public IReadOnlyList<string> Ids => Messages.Select(m => m.Id).ToList();
}
