using System.Runtime.CompilerServices;

// The P/Invoke declarations and the status state machine stay internal; the operations tests check
// their signatures and logic on Linux, where the Windows code itself cannot run.
[assembly: InternalsVisibleTo("VmsServices.Operations.Tests")]
