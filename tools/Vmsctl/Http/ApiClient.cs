using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using VmsServices.Vmsctl.Cli;

namespace VmsServices.Vmsctl.Http;

/// <summary>
/// The only way vmsctl talks to a server: the public HTTP API at <see cref="BaseUrl"/> (and a
/// recording server's public health endpoint). Each exchange is bounded by <see cref="Timeout"/>;
/// every failure becomes a <see cref="CliException"/> with its exit code: an error status an
/// <see cref="ApiProblemException"/>, no connection <see cref="ExitCodes.Unavailable"/>, no answer
/// in time <see cref="ExitCodes.Timeout"/>.
/// </summary>
public sealed class ApiClient : IDisposable
{
    /// <summary>Error bodies are read only this far: a problem document is small, a proxy's error page need not be.</summary>
    private const int MaxErrorBodyChars = 64 * 1024;

    private readonly HttpClient _http;

    /// <param name="token">Sent as <c>Authorization: Bearer</c> to the management server (<see cref="BearerTokenHandler"/>); null: none.</param>
    /// <param name="trace">Where --verbose shows each exchange (<see cref="HttpTrace"/>); null: nowhere.</param>
    public ApiClient(Uri baseUrl, TimeSpan timeout, string? token = null, TextWriter? trace = null)
    {
        BaseUrl = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        Timeout = timeout;
        HttpMessageHandler handler = new SocketsHttpHandler { ConnectTimeout = timeout };
        // The trace below the token handler, so that it shows that a token went (redacted).
        if (trace is not null) handler = new HttpTrace(trace) { InnerHandler = handler };
        if (token is not null) handler = new BearerTokenHandler(token, BaseUrl) { InnerHandler = handler };
        // Timeouts are applied per exchange below: HttpClient's own would also cut a long export short.
        _http = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd($"vmsctl/{typeof(ApiClient).Assembly.GetName().Version?.ToString(3)}");
    }

    public Uri BaseUrl { get; }
    public TimeSpan Timeout { get; }

    /// <summary>A path relative to the management base URL ("api/devices"), so a base URL with a path prefix works.</summary>
    public Uri Resolve(string relative) => new(BaseUrl, relative.TrimStart('/'));

    public async Task<JsonElement> GetJsonAsync(string relative, CancellationToken ct) =>
        (await SendAsync(HttpMethod.Get, Resolve(relative), null, ct)).Json;

    public Task<ApiResponse> PostJsonAsync(string relative, object body, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, Resolve(relative), body, ct);

    public Task<ApiResponse> PutJsonAsync(string relative, object body, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, Resolve(relative), body, ct);

    public Task<ApiResponse> DeleteAsync(string relative, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, Resolve(relative), null, ct);

    /// <summary>One whole exchange. With <paramref name="acceptAnyStatus"/> an error status is returned, not thrown (health: 503 has a body too).</summary>
    public async Task<ApiResponse> SendAsync(HttpMethod method, Uri url, object? body, CancellationToken ct, bool acceptAnyStatus = false)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(Timeout);
        using var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = JsonContent.Create(body, options: ApiJson.Options);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            if (!response.IsSuccessStatusCode && !acceptAnyStatus) throw await ProblemAsync(response, limit.Token);
            var text = await response.Content.ReadAsStringAsync(limit.Token);
            return new ApiResponse((int)response.StatusCode, response.Headers, text.Length == 0 ? null : Parse(text, url));
        }
        catch (Exception e) when (Translate(e, url, ct) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>Sends and returns as soon as the headers are in, for a body the caller streams; an error status throws.</summary>
    public async Task<HttpResponseMessage> OpenAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var url = request.RequestUri!;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(Timeout);
        try
        {
            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            // 416 is the caller's to handle: a resumed download asked for a range the server no longer has.
            if (response.IsSuccessStatusCode || response.StatusCode == System.Net.HttpStatusCode.RequestedRangeNotSatisfiable) return response;
            using (response) throw await ProblemAsync(response, limit.Token);
        }
        catch (Exception e) when (Translate(e, url, ct) is { } failure)
        {
            throw failure;
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The failure to report for an exception of an exchange; null for one to let through (a user's Ctrl+C, a problem already made).</summary>
    public CliException? Translate(Exception e, Uri url, CancellationToken ct) => e switch
    {
        CliException => null,
        OperationCanceledException when ct.IsCancellationRequested => null,
        OperationCanceledException => TimedOut(url),
        HttpRequestException h => new CliException(ExitCodes.Unavailable, "Server unreachable", $"{Origin(url)}: {Reason(h)}"),
        IOException io => new CliException(ExitCodes.Unavailable, "Connection broken", $"{Origin(url)}: {io.Message}"),
        _ => null,
    };

    public CliException TimedOut(Uri url) =>
        new(ExitCodes.Timeout, "Timeout", $"{Origin(url)} did not answer within {Timeout.TotalSeconds:0.###} s (--timeout).");

    private static string Origin(Uri url) => url.GetLeftPart(UriPartial.Authority);

    /// <summary>"An error occurred while sending the request" says nothing: the inner exception says what.</summary>
    private static string Reason(HttpRequestException e) =>
        e.InnerException is { Message: { Length: > 0 } inner } && !e.Message.Contains(inner) ? $"{e.Message} ({inner})" : e.Message;

    private static JsonElement Parse(string text, Uri url)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new CliException(ExitCodes.Failure, "Unexpected answer", $"{url.AbsolutePath} did not answer JSON: {e.Message}");
        }
    }

    private static async Task<ApiProblemException> ProblemAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var buffer = new char[MaxErrorBodyChars];
        var read = await reader.ReadBlockAsync(buffer, ct);
        return ApiProblemException.From((int)response.StatusCode, response.ReasonPhrase, new string(buffer, 0, read));
    }
}
