using System;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncDemos;

/// <summary>
/// One run of a demo: where it prints, its clock, its pauses (scaled by <c>--time-scale</c>), its random numbers
/// (from <c>--seed</c>) and the timeline that records every pause.
/// </summary>
internal sealed class Demo
{
    public const int DefaultSeed = 444;

    private readonly long started;

    public Demo(string name, TextWriter output, TimeProvider time, double timeScale = 1, int seed = DefaultSeed, bool color = false)
    {
        Name = name;
        Out = output;
        Time = time;
        TimeScale = timeScale;
        Seed = seed;
        Color = color;
        started = time.GetTimestamp();
        Timeline = new Timeline(time);
    }

    public string Name { get; }

    public TextWriter Out { get; }

    public TimeProvider Time { get; }

    /// <summary>Every pause is multiplied by this: 0.1 runs a demo ten times faster.</summary>
    public double TimeScale { get; }

    public int Seed { get; }

    /// <summary>Whether output may carry ANSI colours.</summary>
    public bool Color { get; }

    public Timeline Timeline { get; }

    /// <summary>Time since the demo started, by its clock.</summary>
    public TimeSpan Elapsed => Time.GetElapsedTime(started);

    /// <summary>
    /// A random-number generator for one coroutine (<paramref name="stream"/> tells them apart). Each coroutine has its
    /// own, derived from the seed, so a run is reproducible whatever order the coroutines happen to draw in.
    /// </summary>
    public Random RandomFor(int stream) => new(unchecked((Seed * 7919) + stream));

    /// <summary>The async pause: <c>await asyncio.sleep(seconds)</c>. The coroutine hands the thread back meanwhile.</summary>
    public async Task SleepAsync(Lane lane, double seconds, CancellationToken cancellationToken)
    {
        lane.Await();
        try
        {
            var delay = Scaled(seconds);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, Time, cancellationToken);
            }
            else
            {
                // asyncio.sleep(0) still hands control to the other coroutines; Task.Delay(0) would not pause at all.
                cancellationToken.ThrowIfCancellationRequested();
                await Task.Yield();
            }
        }
        finally
        {
            lane.Run();
        }
    }

    /// <summary>The blocking pause: <c>time.sleep(seconds)</c>. The thread sleeps and nothing else runs on it.</summary>
    public void Block(Lane lane, double seconds, CancellationToken cancellationToken)
    {
        lane.Block();
        try
        {
            Clock.Block(Time, Scaled(seconds), cancellationToken);
        }
        finally
        {
            lane.Run();
        }
    }

    public void WriteLine(string line = "") => Out.WriteLine(line);

    /// <summary>The closing line every demo prints, as the Python originals do: "{what} {seconds} seconds.".</summary>
    public void WriteElapsed(string what, string format = "0.00")
    {
        var seconds = Elapsed.TotalSeconds.ToString(format, CultureInfo.InvariantCulture);
        var scale = TimeScale == 1 ? "" : $" (time scale {TimeScale.ToString("0.###", CultureInfo.InvariantCulture)})";
        Out.WriteLine($"{what} {seconds} seconds{scale}.");
    }

    private TimeSpan Scaled(double seconds) => TimeSpan.FromSeconds(seconds * TimeScale);
}
