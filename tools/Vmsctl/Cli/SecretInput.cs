using System.Text;

namespace VmsServices.Vmsctl.Cli;

/// <summary>
/// A password typed or piped in: one line of stdin (<c>echo "$pw" | vmsctl login --user admin</c>),
/// or, when stdin is a terminal, typed after a prompt on stderr without being echoed. Never an
/// option's value: the command line shows in <c>ps</c> and in the shell's history.
/// </summary>
public static class SecretInput
{
    /// <summary>The line without its line end; null when there is none or it is empty.</summary>
    public static async Task<string?> ReadLineAsync(CliConsole console, string prompt, CancellationToken ct)
    {
        string? line;
        if (console.InputIsTerminal)
        {
            console.Error.Write(prompt);
            console.Error.Flush();
            // Console.ReadKey blocks: on its own thread, so that Ctrl+C still ends the command (exit 130).
            line = await Task.Run(ReadWithoutEcho, CancellationToken.None).WaitAsync(ct);
            console.Error.WriteLine();
        }
        else
            line = await console.In.ReadLineAsync(ct);
        return string.IsNullOrEmpty(line) ? null : line;
    }

    private static string ReadWithoutEcho()
    {
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) return text.ToString();
            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0) text.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
                text.Append(key.KeyChar);
        }
    }
}
