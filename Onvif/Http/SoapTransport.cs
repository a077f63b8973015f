using System.Net;
using System.Net.Http.Headers;
using System.Xml.Linq;
using VmsServices.Onvif.Soap;

namespace VmsServices.Onvif.Http;

/// <summary>
/// Sends SOAP 1.2 requests over HTTP POST and returns the response Body. Authentication: the
/// caller's UsernameToken goes in every request it gives one for; when the device answers 401
/// with a Digest challenge the request is repeated with HTTP Digest (and a fresh token), and the
/// challenge is kept for later requests (ONVIF Core §5.9.1 allows either or both). Every failure
/// is an <see cref="OnvifException"/> naming the operation and the address.
/// </summary>
internal sealed class SoapTransport : IDisposable
{
    // First try, a retry on the first challenge, and one more if the device calls the nonce stale.
    private const int MaxAttempts = 3;

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly OnvifCredentials? _credentials;
    private readonly OnvifClientOptions _options;
    private readonly DigestAuthenticator _digest = new();

    public SoapTransport(HttpClient? http, OnvifCredentials? credentials, OnvifClientOptions options)
    {
        _ownsHttp = http is null;
        _http = http ?? CreateHttpClient();
        _credentials = credentials;
        _options = options;
    }

    /// <summary>
    /// Performs one call within the configured timeout. <paramref name="createToken"/> makes the
    /// UsernameToken for each attempt (a fresh nonce each), or is null to send none.
    /// </summary>
    public async Task<XElement> InvokeAsync(Uri endpoint, SoapOperation operation, Func<UsernameToken>? createToken,
        CancellationToken ct)
    {
        string context = $"{operation.Name} at {UrlText.ForMessages(endpoint)}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            return await InvokeCoreAsync(endpoint, operation, createToken, timeout.Token).ConfigureAwait(false);
        }
        catch (OnvifException e)
        {
            throw e.WithContext(context);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new OnvifException(OnvifErrorKind.Timeout,
                $"{context}: no answer within {_options.Timeout.TotalSeconds:0.###} s", e);
        }
        catch (HttpRequestException e)
        {
            throw new OnvifException(OnvifErrorKind.Unreachable, $"{context}: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException) // SocketsHttpHandler lets a bare one through now and then
        {
            throw new OnvifException(OnvifErrorKind.Unreachable, $"{context}: the connection failed ({e.Message})", e);
        }
    }

    private async Task<XElement> InvokeCoreAsync(Uri endpoint, SoapOperation operation, Func<UsernameToken>? createToken,
        CancellationToken ct)
    {
        bool challengedInThisCall = false;
        for (int attempt = 1; ; attempt++)
        {
            byte[] payload = SoapRequestWriter.Write(operation.Body, createToken?.Invoke());
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = CreateContent(payload, operation.Action) };
            string? authorization = _credentials is null ? null : _digest.Authorize(_credentials, "POST", endpoint);
            if (authorization is not null)
                request.Headers.TryAddWithoutValidation("Authorization", authorization);

            using HttpResponseMessage response = await _http
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                // A digest made from an older challenge may just have outlived its nonce (not every
                // device says stale=true): only a fresh challenge's rejection means wrong credentials.
                OnvifException? refusal = AcceptChallenge(endpoint, response, rejectedFresh: authorization is not null && challengedInThisCall);
                if (refusal is not null)
                    throw refusal;
                challengedInThisCall = true;
                if (attempt < MaxAttempts)
                    continue;
                throw new OnvifException(OnvifErrorKind.Unauthorized, "the device kept answering HTTP 401 to HTTP digest authentication");
            }
            byte[] body = await LimitedBodyReader.ReadAsync(response.Content, _options.MaxResponseBytes, ct).ConfigureAwait(false);
            return Interpret((int)response.StatusCode, response.ReasonPhrase, body, _options.MaxResponseBytes);
        }
    }

    /// <summary>Takes the device's Digest challenge for the next attempt, or says why authentication cannot succeed.</summary>
    private OnvifException? AcceptChallenge(Uri endpoint, HttpResponseMessage response, bool rejectedFresh)
    {
        DigestChallenge? challenge = DigestChallenge.SelectBest(RawChallenges(response), out string offered);
        if (_credentials is null)
            return new OnvifException(OnvifErrorKind.Unauthorized,
                $"the device requires authentication (HTTP 401, offers {offered}) and no credentials were given");
        if (challenge is null)
            return new OnvifException(OnvifErrorKind.Unauthorized,
                $"the device answered HTTP 401 without a supported HTTP Digest challenge (offers {offered}; " +
                "HTTP Basic is never used since it sends the password in clear)");
        if (rejectedFresh && !challenge.Stale)
            return new OnvifException(OnvifErrorKind.Unauthorized, "the device rejected the credentials (HTTP 401 to HTTP digest authentication)");
        _digest.Accept(endpoint, challenge);
        return null;
    }

    /// <summary>
    /// The WWW-Authenticate values as sent: camera firmware writes challenges that the strict
    /// header parser would drop (unquoted realms with spaces, odd spacing), so they are split here.
    /// </summary>
    private static IEnumerable<(string Scheme, string? Parameters)> RawChallenges(HttpResponseMessage response)
    {
        if (!response.Headers.NonValidated.TryGetValues("WWW-Authenticate", out HeaderStringValues values))
            yield break;
        foreach (string value in values)
        {
            string trimmed = value.Trim();
            int space = trimmed.IndexOf(' ');
            yield return space < 0 ? (trimmed, null) : (trimmed[..space], trimmed[(space + 1)..]);
        }
    }

    /// <summary>
    /// The Body of a successful answer; for an HTTP error, the SOAP fault it carries (ONVIF devices
    /// send faults with 400 or 500) or else the HTTP status. Pure, for tests.
    /// </summary>
    internal static XElement Interpret(int status, string? reasonPhrase, ReadOnlyMemory<byte> body, int maxBytes)
    {
        if (status is >= 200 and < 300)
            return SoapResponseParser.ParseBody(body, maxBytes);
        try
        {
            SoapResponseParser.ParseBody(body, maxBytes);
        }
        catch (OnvifException e) when (e.Kind != OnvifErrorKind.Malformed)
        {
            throw;
        }
        catch (OnvifException)
        {
            // Not SOAP at all (an HTML error page, an empty 404): the status says more.
        }
        throw OnvifException.HttpError(status, reasonPhrase);
    }

    private static ByteArrayContent CreateContent(byte[] payload, string action)
    {
        var content = new ByteArrayContent(payload);
        var type = new MediaTypeHeaderValue("application/soap+xml") { CharSet = "utf-8" };
        type.Parameters.Add(new NameValueHeaderValue("action", $"\"{action}\""));
        content.Headers.ContentType = type;
        return content;
    }

    private static HttpClient CreateHttpClient()
    {
        var handler = new SocketsHttpHandler
        {
            // A redirected POST would turn into a GET; cameras sit on the LAN, not behind a proxy.
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public void Dispose()
    {
        if (_ownsHttp)
            _http.Dispose();
    }
}
