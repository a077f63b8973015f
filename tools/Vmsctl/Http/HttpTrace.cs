using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace VmsServices.Vmsctl.Http;

/// <summary>
/// --verbose: each request ("&gt; GET url", its headers) and its answer ("&lt; 200 OK (12 ms)", its
/// headers) on stderr, as curl -v shows them. Headers that carry credentials show only their scheme
/// ("Authorization: Bearer &lt;redacted&gt;"); bodies are never shown (a sign-in's holds the token).
/// </summary>
internal sealed class HttpTrace(TextWriter output) : DelegatingHandler
{
    private static readonly HashSet<string> Secret = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie",
    };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var sent = new StringBuilder().Append(CultureInfo.InvariantCulture, $"> {request.Method} {request.RequestUri}\n");
        Append(sent, '>', request.Headers);
        if (request.Content is not null) Append(sent, '>', request.Content.Headers);
        Write(sent);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, ct);
            var answer = new StringBuilder().Append(CultureInfo.InvariantCulture,
                $"< {(int)response.StatusCode} {response.ReasonPhrase} ({Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms)\n");
            Append(answer, '<', response.Headers);
            Append(answer, '<', response.Content.Headers);
            Write(answer);
            return response;
        }
        catch (Exception e)
        {
            Write(new StringBuilder().Append(CultureInfo.InvariantCulture, $"< no answer from {request.RequestUri?.GetLeftPart(UriPartial.Authority)}: {e.GetType().Name}\n"));
            throw;
        }
    }

    private static void Append(StringBuilder text, char direction, HttpHeaders headers)
    {
        foreach (var (name, values) in headers)
            text.Append(CultureInfo.InvariantCulture, $"{direction} {name}: {(Secret.Contains(name) ? Redacted(values) : string.Join(", ", values))}\n");
    }

    /// <summary>"Bearer &lt;redacted&gt;": which kind of credential went, not what it was.</summary>
    private static string Redacted(IEnumerable<string> values) =>
        string.Join(", ", values.Select(v => v.Split(' ', 2) is [var scheme, _] ? $"{scheme} <redacted>" : "<redacted>"));

    /// <summary>One block per request or answer, whole: health --all asks several servers at once.</summary>
    private void Write(StringBuilder block)
    {
        lock (output) output.Write(block.ToString());
    }
}
