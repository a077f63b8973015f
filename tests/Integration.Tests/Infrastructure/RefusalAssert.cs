using System.Net;
using System.Text;

namespace VmsServices.Integration.Tests.Infrastructure;

/// <summary>
/// Sends one hostile request and checks the refusal: an expected 4xx (or 501) status, an RFC 9457
/// problem document, and the reason in it. Never a 500: a crash of a handler is the failure looked for.
/// </summary>
public static class RefusalAssert
{
    /// <summary>Sends <paramref name="body"/> as-is (any text, not necessarily JSON) with the given content type.</summary>
    public static async Task<string> IsRefusedAsync(HttpClient http, string method, string path, string? body, HttpStatusCode[] expected, string? reason,
        string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = body is null ? null : new StringContent(body, Encoding.UTF8, contentType),
        };
        using var response = await http.SendAsync(request);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.AnyOf(expected.Cast<object>().ToArray()), problem);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), problem);
        if (reason is not null) Assert.That(problem, Does.Contain(reason).IgnoreCase);
        return problem;
    }

    public static HttpStatusCode[] Either(params HttpStatusCode[] codes) => codes;
}
