using System.Text;

namespace VmsServices.Onvif.Http;

/// <summary>Parses HTTP auth-params (RFC 9110 §11.2): name=token or name="quoted \" string", comma-separated.</summary>
internal static class AuthParameters
{
    public static Dictionary<string, string> Parse(string? s)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (s is null)
            return result;
        int i = 0;
        while (i < s.Length)
        {
            while (i < s.Length && (s[i] == ',' || char.IsWhiteSpace(s[i])))
                i++;
            int nameStart = i;
            while (i < s.Length && s[i] != '=' && s[i] != ',' && !char.IsWhiteSpace(s[i]))
                i++;
            string name = s[nameStart..i];
            while (i < s.Length && char.IsWhiteSpace(s[i]))
                i++;
            if (i >= s.Length || s[i] != '=')
                continue; // a bare token: nothing we use
            i++;
            while (i < s.Length && char.IsWhiteSpace(s[i]))
                i++;
            string value = i < s.Length && s[i] == '"' ? ReadQuoted(s, ref i) : ReadToken(s, ref i);
            if (name.Length > 0)
                result.TryAdd(name, value);
        }
        return result;
    }

    /// <summary>Quotes a value for a header: backslash before '"' and '\'.</summary>
    public static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static string ReadQuoted(string s, ref int i)
    {
        var sb = new StringBuilder();
        i++; // opening quote
        while (i < s.Length && s[i] != '"')
        {
            if (s[i] == '\\' && i + 1 < s.Length)
                i++;
            sb.Append(s[i++]);
        }
        i++; // closing quote (or past the end)
        return sb.ToString();
    }

    private static string ReadToken(string s, ref int i)
    {
        int start = i;
        while (i < s.Length && s[i] != ',')
            i++;
        return s[start..i].Trim();
    }
}
