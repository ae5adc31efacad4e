using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AsyncDemos;

/// <summary>What a coroutine is doing at a moment, as the timeline draws it.</summary>
internal enum LaneState
{
    /// <summary>Running code: it holds the thread.</summary>
    Running,

    /// <summary>Paused at an <c>await</c>: the thread is free for the other coroutines.</summary>
    Awaiting,

    /// <summary>Paused in a synchronous sleep: it still holds the thread, so nothing else runs.</summary>
    Blocked,
}

/// <summary>One stretch of time a coroutine spent in one state.</summary>
internal readonly record struct Span(LaneState State, TimeSpan Start, TimeSpan End);

/// <summary>
/// Records, per coroutine, when it ran and when it waited, and draws that as a text chart: one row per coroutine, time
/// left to right, <c>#</c> where it held the thread and <c>.</c> where it awaited. Countasync's three rows overlap;
/// countsync's form a staircase.
/// </summary>
internal sealed class Timeline
{
    private readonly TimeProvider time;
    private readonly long origin;
    private readonly object gate = new();
    private readonly List<Lane> lanes = new();

    public Timeline(TimeProvider time)
    {
        this.time = time;
        origin = time.GetTimestamp();
    }

    public IReadOnlyList<Lane> Lanes
    {
        get
        {
            lock (gate)
            {
                return lanes.ToArray();
            }
        }
    }

    internal TimeSpan Now => time.GetElapsedTime(origin);

    /// <summary>Starts a row for a coroutine that is running from now on.</summary>
    public Lane Lane(string name)
    {
        var lane = new Lane(this, name, Now);
        lock (gate)
        {
            lanes.Add(lane);
        }

        return lane;
    }

    /// <summary>The chart, each line at most <paramref name="width"/> characters (80 by default).</summary>
    public string Render(int width = 80)
    {
        var now = Now;
        var rows = Lanes.Select(l => (l.Name, Spans: l.SpansUntil(now))).ToList();
        var total = rows.SelectMany(r => r.Spans).Select(s => s.End).DefaultIfEmpty(TimeSpan.Zero).Max();
        var labelWidth = Math.Clamp(rows.Select(r => r.Name.Length).DefaultIfEmpty(0).Max(), 4, 16);
        var columns = Math.Max(10, width - labelWidth - 3);
        var perColumn = total / columns;

        var text = new StringBuilder();
        text.Append("Timeline: one row per coroutine, time runs left to right");
        text.Append(perColumn > TimeSpan.Zero ? Invariant($" (1 column = {perColumn.TotalSeconds:0.###} s)") : "").AppendLine(".");
        foreach (var (name, spans) in rows)
        {
            var label = name.Length > labelWidth ? name[..labelWidth] : name.PadRight(labelWidth);
            text.Append(label).Append(" |").Append(Bar(spans, total, columns)).AppendLine("|");
        }

        var end = Invariant($"{total.TotalSeconds:0.00} s");
        text.Append(' ', labelWidth + 2).Append("0 s".PadRight(Math.Max(4, columns - end.Length))).AppendLine(end);
        text.AppendLine("# holds the thread (runs, or sleeps blocking everyone)");
        text.AppendLine(". awaits: the thread is free for the other coroutines");
        return text.ToString();
    }

    /// <summary>
    /// One row's characters. Running and blocked spans that follow each other are one stretch of holding the thread.
    /// A stretch marks the columns whose middle it covers, so stretches that follow each other in time (countsync's
    /// three calls) share no column; one too short to cover a column's middle (a coroutine that prints "One" and awaits)
    /// still marks the column its middle falls in. Where a column holds both, <c>#</c> wins: the moments a coroutine runs
    /// are what the chart is about.
    /// </summary>
    internal static string Bar(IEnumerable<Span> spans, TimeSpan total, int columns)
    {
        var cells = new char[columns];
        Array.Fill(cells, ' ');
        var ordered = Merge(spans.OrderBy(s => s.Start)).OrderBy(s => s.State == LaneState.Awaiting ? 0 : 1);
        foreach (var span in ordered)
        {
            var mark = span.State == LaneState.Awaiting ? '.' : '#';
            if (total <= TimeSpan.Zero)
            {
                cells[0] = cells[0] == '#' ? '#' : mark;
                continue;
            }

            // Column c covers [c, c + 1) in units of total / columns; its middle is at c + 0.5.
            var from = span.Start / total * columns;
            var to = span.End / total * columns;
            var first = Math.Max(0, (int)Math.Ceiling(from - 0.5));
            var last = Math.Min(columns - 1, (int)Math.Ceiling(to - 0.5) - 1);
            if (last < first)
            {
                first = last = Math.Clamp((int)Math.Floor((from + to) / 2), 0, columns - 1);
            }

            for (var c = first; c <= last; c++)
            {
                if (cells[c] != '#')
                {
                    cells[c] = mark;
                }
            }
        }

        return new string(cells);
    }

    /// <summary>Joins running and blocked spans that touch into one span of holding the thread.</summary>
    private static IEnumerable<Span> Merge(IEnumerable<Span> spans)
    {
        Span? holding = null;
        foreach (var span in spans)
        {
            if (span.State == LaneState.Awaiting)
            {
                if (holding is { } h)
                {
                    yield return h;
                    holding = null;
                }

                yield return span;
            }
            else if (holding is { } h && span.Start <= h.End)
            {
                holding = h with { End = span.End > h.End ? span.End : h.End };
            }
            else
            {
                if (holding is { } previous)
                {
                    yield return previous;
                }

                holding = span with { State = LaneState.Running };
            }
        }

        if (holding is { } last)
        {
            yield return last;
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One coroutine's row. Thread-safe: a coroutine may resume on another thread.</summary>
internal sealed class Lane
{
    private readonly Timeline timeline;
    private readonly object gate = new();
    private readonly List<Span> spans = new();
    private LaneState state = LaneState.Running;
    private TimeSpan since;
    private bool finished;

    internal Lane(Timeline timeline, string name, TimeSpan start)
    {
        this.timeline = timeline;
        Name = name;
        since = start;
    }

    public string Name { get; }

    public void Run() => Switch(LaneState.Running);

    public void Await() => Switch(LaneState.Awaiting);

    public void Block() => Switch(LaneState.Blocked);

    /// <summary>The coroutine has returned; its row ends here.</summary>
    public void Finish()
    {
        lock (gate)
        {
            if (!finished)
            {
                spans.Add(new Span(state, since, timeline.Now));
                finished = true;
            }
        }
    }

    /// <summary>The recorded spans, with the one still open (a cancelled coroutine's) closed at <paramref name="now"/>.</summary>
    public IReadOnlyList<Span> SpansUntil(TimeSpan now)
    {
        lock (gate)
        {
            return finished ? spans.ToArray() : spans.Append(new Span(state, since, now)).ToArray();
        }
    }

    private void Switch(LaneState next)
    {
        lock (gate)
        {
            if (finished || next == state)
            {
                return;
            }

            var now = timeline.Now;
            spans.Add(new Span(state, since, now));
            state = next;
            since = now;
        }
    }
}
