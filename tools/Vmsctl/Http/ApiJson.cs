using System.Text.Encodings.Web;
using System.Text.Json;

namespace VmsServices.Vmsctl.Http;

/// <summary>The API's JSON conventions (camelCase, as ASP.NET writes it) and vmsctl's own output.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>For a person or a script reading a terminal, not a web page: "'" stays "'", not "\u0027".</summary>
    public static readonly JsonSerializerOptions Output = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonSerializerOptions Indented = new(Output) { WriteIndented = true };

    public static T As<T>(this JsonElement json) =>
        json.Deserialize<T>(Options) ?? throw new JsonException($"expected {typeof(T).Name}, got null");

    public static string? StringOrNull(this JsonElement json, string property) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
