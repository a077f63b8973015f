using System.Text;

namespace VmsServices.Management.Users.Ldap;

/// <summary>
/// A canonical form of a distinguished name for comparing group DNs from the settings with those the
/// directory returns: attribute types and values lower-cased, spaces around separators dropped,
/// escapes (RFC 4514 section 3) decoded and written one way, the parts of a multi-valued RDN sorted.
/// "CN=VMS Admins, OU=Groups,DC=corp" and "cn=vms admins,ou=groups,dc=corp" become the same string.
/// </summary>
public static class LdapDn
{
    /// <summary>The canonical form, or null when <paramref name="dn"/> is not a DN.</summary>
    public static string? Normalize(string? dn)
    {
        if (string.IsNullOrWhiteSpace(dn)) return null;
        var rdns = new List<string>();
        foreach (var rdn in SplitUnescaped(dn, ','))
        {
            var avas = new List<string>();
            foreach (var ava in SplitUnescaped(rdn, '+'))
            {
                if (NormalizeAva(ava) is not { } normalized) return null;
                avas.Add(normalized);
            }
            avas.Sort(StringComparer.Ordinal);
            rdns.Add(string.Join('+', avas));
        }
        return string.Join(',', rdns);
    }

    private static string? NormalizeAva(string ava)
    {
        var equals = ava.IndexOf('=');
        if (equals <= 0) return null;
        var type = ava[..equals].Trim();
        if (type.Length == 0 || type.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))) return null;
        type = type.ToLowerInvariant();
        var raw = TrimUnescapedSpaces(ava[(equals + 1)..]);
        // "#" + hex is a BER-encoded value: compared as written.
        if (raw.StartsWith('#')) return type + "=" + raw.ToLowerInvariant();
        return Unescape(raw) is { } value ? type + "=" + LdapEscape.DnValue(value.ToLowerInvariant()) : null;
    }

    private static string TrimUnescapedSpaces(string raw)
    {
        var start = 0;
        while (start < raw.Length && raw[start] == ' ') start++;
        var end = raw.Length;
        while (end > start && raw[end - 1] == ' ' && !IsEscaped(raw, end - 1)) end--;
        return raw[start..end];
    }

    /// <summary>Decodes "\," style and "\2C" style escapes; hex escapes are UTF-8 bytes.</summary>
    private static string? Unescape(string raw)
    {
        var bytes = new List<byte>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '\\')
            {
                var end = i;
                while (end < raw.Length && raw[end] != '\\') end++;
                bytes.AddRange(Encoding.UTF8.GetBytes(raw[i..end]));
                i = end - 1;
                continue;
            }
            if (i + 1 >= raw.Length) return null;
            if (i + 2 < raw.Length && char.IsAsciiHexDigit(raw[i + 1]) && char.IsAsciiHexDigit(raw[i + 2]))
            {
                bytes.Add(Convert.ToByte(raw.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(raw[i + 1].ToString()));
                i++;
            }
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }

    private static IEnumerable<string> SplitUnescaped(string text, char separator)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != separator || IsEscaped(text, i)) continue;
            yield return text[start..i];
            start = i + 1;
        }
        yield return text[start..];
    }

    /// <summary>True when the character at <paramref name="index"/> follows an odd number of backslashes.</summary>
    private static bool IsEscaped(string text, int index)
    {
        var backslashes = 0;
        for (var i = index - 1; i >= 0 && text[i] == '\\'; i--) backslashes++;
        return backslashes % 2 == 1;
    }
}
