using VmsServices.TestSupport;

namespace VmsServices.OperatorConsole.Tests.Infrastructure;

/// <summary>A user the tests sign in as: the demo's administrator, or one a test creates.</summary>
public sealed record ConsoleUser(string Name, string Password)
{
    public static readonly ConsoleUser Administrator = new(TestAuth.AdministratorName, TestAuth.AdministratorPassword);
}
