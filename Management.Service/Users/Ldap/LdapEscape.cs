using System.Text;

namespace VmsServices.Management.Users.Ldap;

/// <summary>
/// Escaping of user input before it goes into a search filter or a DN, so that a user name such as
/// "*)(uid=*" or "alice,ou=admins" is matched literally instead of changing the query.
/// </summary>
public static class LdapEscape
{
    /// <summary>
    /// A value inside a filter (RFC 4515 section 3): '*', '(', ')', '\' and NUL become "\2a", "\28",
    /// "\29", "\5c", "\00". Other characters, UTF-8 included, stand for themselves.
    /// </summary>
    public static string FilterValue(string value)
    {
        var b = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                case '*': b.Append(@"\2a"); break;
                case '(': b.Append(@"\28"); break;
                case ')': b.Append(@"\29"); break;
                case '\\': b.Append(@"\5c"); break;
                case '\0': b.Append(@"\00"); break;
                default: b.Append(c); break;
            }
        }
        return b.ToString();
    }

    /// <summary>
    /// An attribute value inside a DN (RFC 4514 section 2.4): '"', '+', ',', ';', '&lt;', '&gt;', '\'
    /// (and '=', which the RFC allows to escape) get a backslash; so do a leading space or '#' and a
    /// trailing space; NUL becomes "\00".
    /// </summary>
    public static string DnValue(string value)
    {
        var b = new StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                b.Append(@"\00");
                continue;
            }
            var special = c is '"' or '+' or ',' or ';' or '<' or '>' or '\\' or '='
                || (i == 0 && c is ' ' or '#')
                || (i == value.Length - 1 && c == ' ');
            if (special) b.Append('\\');
            b.Append(c);
        }
        return b.ToString();
    }

    /// <summary>A filter template with {0} (and {1}) replaced by escaped values; never string.Format, so braces elsewhere are left alone.</summary>
    public static string Filter(string template, string value0, string? value1 = null)
    {
        var filter = template.Replace("{0}", FilterValue(value0), StringComparison.Ordinal);
        return value1 is null ? filter : filter.Replace("{1}", FilterValue(value1), StringComparison.Ordinal);
    }
}
