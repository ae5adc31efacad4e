using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;

namespace AsyncRules.RealCode
{
    /// <summary>
    /// Runs the dotnet CLI from a neutral working directory (the tool's own temp folder), so that a repository's
    /// global.json does not pick the SDK for the muxer, with its output going to a file.
    /// </summary>
    internal sealed class Dotnet
    {
        public Dotnet(string workDir)
        {
            WorkDir = workDir;
        }

        public string WorkDir { get; }

        public int Run(IEnumerable<string> arguments, string outputFile)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = WorkDir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
            start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";

            using var output = new StreamWriter(outputFile);
            var gate = new object();
            void Write(string? line)
            {
                if (line is not null)
                {
                    lock (gate)
                    {
                        output.WriteLine(line);
                    }
                }
            }

            Process process;
            try
            {
                process = Process.Start(start) ?? throw new UserError("could not start dotnet");
            }
            catch (Win32Exception)
            {
                throw new UserError("the .NET SDK (dotnet) is not on PATH");
            }

            using (process)
            {
                process.OutputDataReceived += (_, e) => Write(e.Data);
                process.ErrorDataReceived += (_, e) => Write(e.Data);
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                process.WaitForExit();
                return process.ExitCode;
            }
        }
    }
}
