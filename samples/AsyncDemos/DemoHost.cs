using System;
using System.IO;

namespace AsyncDemos;

/// <summary>
/// What the demos get from the outside world: where they write, which clock they use and whether they may colour.
/// Program passes the console and the system clock; tests pass string writers and a virtual clock.
/// </summary>
internal sealed record DemoHost(TextWriter Out, TextWriter Error, TimeProvider Time, bool Color);
