// The broken demos. Each file is one mistake; its header names the rule(s) it trips and every offending line is
// marked with the rule ID. Build this project to see the warnings, run a demo to feel the difference, then apply
// the fixes (in your editor, or with `dotnet format analyzers`) and run it again.
using System;
using System.Threading.Tasks;

namespace AsyncDemos.Broken;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        switch (args.Length == 1 ? args[0] : null)
        {
            case "countasync-sleep":
                await CountAsyncWithThreadSleep.RunAsync();
                return 0;
            case "countasync-waitall":
                await CountAsyncWithWaitAll.RunAsync();
                return 0;
            case "chain-result":
                await ChainWithResult.RunAsync();
                return 0;
            default:
                Console.Error.WriteLine("usage: AsyncDemos.Broken <countasync-sleep | countasync-waitall | chain-result>");
                return 2;
        }
    }
}
