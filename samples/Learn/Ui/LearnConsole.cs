using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncRules.Learn.Ui
{
    /// <summary>
    /// The outside world of one invocation: streams, whether they are a terminal, colours, keys, environment and the
    /// current directory. The real one wraps <see cref="Console"/>; tests pass writers and a script of input lines.
    /// </summary>
    internal sealed class LearnConsole
    {
        public LearnConsole(TextWriter output, TextWriter error, TextReader input, string currentDirectory, IReadOnlyDictionary<string, string?>? environment = null)
        {
            Out = output;
            Error = error;
            In = input;
            CurrentDirectory = currentDirectory;
            Environment = environment ?? new Dictionary<string, string?>();
        }

        public TextWriter Out { get; }

        public TextWriter Error { get; }

        public TextReader In { get; }

        public string CurrentDirectory { get; }

        public IReadOnlyDictionary<string, string?> Environment { get; }

        /// <summary>Output goes to a terminal (not a file or a pipe): the screen may be cleared and coloured.</summary>
        public bool OutputIsTerminal { get; init; }

        /// <summary>Single keys can be read (input is a terminal); otherwise commands are read as lines.</summary>
        public bool KeysAvailable { get; init; }

        /// <summary>Reads one key without echo; null at the end of input.</summary>
        public Func<CancellationToken, Task<char?>>? ReadKeyAsync { get; init; }

        /// <summary>Terminal width, for wrapping; 100 when unknown.</summary>
        public int Width { get; init; } = 100;

        public string? Env(string name) => Environment.TryGetValue(name, out var value) ? value : null;

        public static LearnConsole FromSystem()
        {
            var environment = new Dictionary<string, string?>();
            foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
            {
                environment[(string)entry.Key] = entry.Value as string;
            }

            var keys = !Console.IsInputRedirected;
            var width = 100;
            try
            {
                if (!Console.IsOutputRedirected && Console.WindowWidth > 20)
                {
                    width = Console.WindowWidth;
                }
            }
            catch (IOException)
            {
            }

            return new LearnConsole(Console.Out, Console.Error, Console.In, Directory.GetCurrentDirectory(), environment)
            {
                OutputIsTerminal = !Console.IsOutputRedirected,
                KeysAvailable = keys,
                ReadKeyAsync = keys ? ReadSystemKeyAsync : null,
                Width = width,
            };
        }

        private static readonly Lazy<System.Threading.Channels.Channel<char?>> Keys = new(() =>
        {
            // One thread reads keys for the whole process, so a read that is given up (a file changed first) loses no key.
            var channel = System.Threading.Channels.Channel.CreateUnbounded<char?>();
            var reader = new Thread(() =>
            {
                while (true)
                {
                    char? key;
                    try
                    {
                        var info = Console.ReadKey(intercept: true);
                        key = info.Key switch
                        {
                            ConsoleKey.Enter => '\n',
                            ConsoleKey.Escape => '\u001b',
                            ConsoleKey.Backspace => '\b',
                            _ => info.KeyChar == '\0' ? ' ' : info.KeyChar,
                        };
                    }
                    catch (InvalidOperationException)
                    {
                        key = null;
                    }

                    channel.Writer.TryWrite(key);
                    if (key is null)
                    {
                        return;
                    }
                }
            })
            {
                IsBackground = true,
                Name = "asyncrules-learn keys",
            };
            reader.Start();
            return channel;
        });

        private static async Task<char?> ReadSystemKeyAsync(CancellationToken cancellationToken)
            => await Keys.Value.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
    }
}
