using System.Threading;

namespace AsyncDemos.Demos;

/// <summary>
/// countsync.py: <c>Count()</c> prints "One", sleeps a second, prints "Two"; called three times in a row. The sleep
/// blocks the thread, so nothing overlaps: One Two One Two One Two, about 3 s.
/// </summary>
internal static class CountSyncDemo
{
    public static void Run(Demo demo, CancellationToken cancellationToken)
    {
        for (var i = 1; i <= 3; i++)
        {
            Count(demo, i, cancellationToken);
        }

        demo.WriteElapsed("countsync executed in");
    }

    private static void Count(Demo demo, int id, CancellationToken cancellationToken)
    {
        var lane = demo.Timeline.Lane($"count {id}");
        demo.WriteLine("One");
        demo.Block(lane, 1, cancellationToken);
        demo.WriteLine("Two");
        lane.Finish();
    }
}
