using System.Threading;
using System.Threading.Tasks;
using AsyncRules.Learn.Exercises;

namespace AsyncRules.Learn.Ui
{
    internal sealed class WatchLoop
    {
        public WatchLoop(Options options, LearnConsole console, ExerciseSet set, Style style)
        {
        }

        public Task<int> RunAsync(CancellationToken cancellationToken) => Task.FromResult(0);
    }
}
