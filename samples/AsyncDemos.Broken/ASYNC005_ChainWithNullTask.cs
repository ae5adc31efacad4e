// Mistake: a method that returns Task<string> returns null instead of a task.
// Trips: ASYNC005
// `await Part1Async(0)` then throws NullReferenceException: there is no task to await. The fix returns a finished task
// (Task.FromResult) carrying the null result the author meant.
using System;
using System.Threading.Tasks;

namespace AsyncDemos.Broken;

internal static class ChainWithNullTask
{
    public static async Task RunAsync()
    {
        try
        {
            var result = await Part1Async(0);
            Console.WriteLine(result ?? "no part 1 for chain 0");
        }
        catch (NullReferenceException)
        {
            Console.WriteLine("await threw NullReferenceException: Part1Async(0) returned no task to await.");
        }
    }

    private static Task<string?> Part1Async(int n)
    {
        if (n <= 0)
        {
            return null!; // ASYNC005
        }

        return Task.FromResult<string?>($"result{n}-1");
    }
}
