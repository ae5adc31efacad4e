using System;
using System.Threading;
using System.Threading.Tasks;
using AsyncRules.Learn.Running;
using AsyncRules.Learn.Ui;

namespace AsyncRules.Learn
{
    internal static class Program
    {
        private static async Task<int> Main(string[] args)
        {
            var console = LearnConsole.FromSystem();
            OutputCapture.Install();
            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };

            try
            {
                return await LearnApp.RunAsync(args, console, cancellationToken: cancel.Token);
            }
            catch (Exception exception) when (Environment.GetEnvironmentVariable("ASYNCRULES_LEARN_DEBUG") is null)
            {
                // Never a stack trace: what went wrong, in one line, and how to get the details.
                console.Error.WriteLine($"error: the learn tool failed unexpectedly: {exception.GetType().Name}: {exception.Message}");
                console.Error.WriteLine("Set ASYNCRULES_LEARN_DEBUG=1 to see the details, and please report it.");
                return 3;
            }
        }
    }
}
