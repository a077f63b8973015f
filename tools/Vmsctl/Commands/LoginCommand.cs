using System.CommandLine;
using VmsServices.Vmsctl.Api;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Http;

namespace VmsServices.Vmsctl.Commands;

/// <summary>
/// vmsctl login: signs in (POST /api/auth/token) and prints the token alone on stdout, so that
/// <c>export VMS_TOKEN=$(vmsctl login --user admin)</c> signs in the shell. The password comes from
/// VMS_PASSWORD, else one line of stdin; never from an option (ps, shell history). vmsctl logout
/// revokes the token (DELETE /api/auth/session).
/// </summary>
public sealed class LoginCommand : ICommandGroup
{
    public const string PasswordVariable = "VMS_PASSWORD";

    public IEnumerable<Command> Create(GlobalOptions globals)
    {
        var user = UserArguments.NameOption("--user", "User name");
        var command = new Command("login",
            $"Sign in and print a token for {GlobalOptions.TokenVariable} (password: {PasswordVariable}, else one line on stdin)") { user };
        globals.SetAction(command, async (ctx, parse, ct) =>
        {
            var name = parse.GetValue(user)!;
            var password = globals.Variable(PasswordVariable)
                           ?? await SecretInput.ReadLineAsync(ctx.Console, $"password for {name}: ", ct)
                           ?? throw CliException.Usage($"no password: set {PasswordVariable}, or give it as one line on stdin (echo \"$password\" | vmsctl login --user {name}).");
            ApiResponse answer;
            try
            {
                answer = await ctx.Api.PostJsonAsync("api/auth/token", new { userName = name, password }, ct);
            }
            catch (ApiProblemException e) when (e.Status == 401)
            {
                // The answer to this password, not a missing token: the server's words, without the sign-in hint.
                throw new CliException(e.ExitCode, e.Title, e.Detail, e.Problem);
            }
            var signedIn = answer.Json.As<SignInAnswer>();
            ctx.Note($"signed in as {signedIn.UserName} ({signedIn.Role}) until {UtcTimes.FormatSeconds(UtcTimes.ToMicros(signedIn.ExpiresUtc))}");
            return ctx.Print(answer.Json, () => ctx.Out.WriteLine(signedIn.Token));
        }, anonymous: true);
        yield return command;

        // The token is revoked on every server (sign-out), so a copy of it left in a shell history,
        // a script or a log is worthless from now on.
        var logout = new Command("logout", $"Sign out: the token ({GlobalOptions.TokenVariable} or --token) is refused everywhere from now on");
        globals.SetAction(logout, async (ctx, _, ct) =>
        {
            await ctx.Api.DeleteAsync("api/auth/session", ct);
            ctx.Note($"signed out: unset {GlobalOptions.TokenVariable}");
            return ExitCodes.Ok;
        });
        yield return logout;
    }
}
