namespace AsyncDemos;

/// <summary>ANSI colours, as rand.py uses them.</summary>
internal static class Ansi
{
    public const string Reset = "\u001b[0m";

    /// <summary>Cyan, red, magenta: rand.py's colours for its three coroutines.</summary>
    public static readonly string[] Palette = { "\u001b[36m", "\u001b[91m", "\u001b[35m" };

    /// <summary>
    /// Colour only for a person at a terminal: not when output goes to a file or a pipe, and not when NO_COLOR is set to
    /// anything but the empty string (https://no-color.org).
    /// </summary>
    public static bool ShouldColor(bool outputRedirected, string? noColor)
        => !outputRedirected && string.IsNullOrEmpty(noColor);
}
