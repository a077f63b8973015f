using System.Net.Http.Headers;
using System.Text.Json;

namespace VmsServices.Vmsctl.Http;

/// <summary>A whole answer of the API: status, headers, and its JSON body (none for 204).</summary>
public sealed record ApiResponse(int Status, HttpResponseHeaders Headers, JsonElement? Body)
{
    public JsonElement Json => Body ?? throw new JsonException($"the answer ({Status}) had no body");
}
