// The walkthrough's asyncio demos in C#: `dotnet run --project samples/AsyncDemos -- --help`.
using System;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncDemos;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        // Ctrl+C: the first press cancels the running demo, which stops at its next pause and says so; a second press
        // ends the process the usual way.
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            if (!cancel.IsCancellationRequested)
            {
                e.Cancel = true;
                cancel.Cancel();
            }
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var host = new DemoHost(
                Console.Out,
                Console.Error,
                TimeProvider.System,
                Ansi.ShouldColor(Console.IsOutputRedirected, Environment.GetEnvironmentVariable("NO_COLOR")));
            return await Cli.RunAsync(args, host, cancel.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
