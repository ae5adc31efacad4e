using System.Threading.Tasks;
using AsyncRules.Tests.Infrastructure;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    AsyncRules.Analyzers.Rules.ASYNC031SyncCallWithAsyncCounterpartAnalyzer,
    AsyncRules.CodeFixes.Rules.ASYNC031SyncCallWithAsyncCounterpartCodeFix>;

namespace AsyncRules.Tests.Rules
{
    /// <summary>
    /// ASYNC031 on the shapes real code showed (issue 14): an in-memory stream passed as the argument, disposal on a failure
    /// path, a counterpart that leads back through a wrapper, and a counterpart that is only the base class's sync default.
    /// Each silent shape has its nearest reported neighbour.
    /// </summary>
    [Trait("Rule", "ASYNC031")]
    public class ASYNC031RealCodeShapesTests
    {
        private static readonly string Usings = TestCode.UsingsOf("System", "System.IO", "System.Threading", "System.Threading.Tasks");

        private static string Code(string members) => TestCode.InClass(members, Usings);

        // ---- 1. An in-memory stream as the argument (cofoundry ImageSharp: image.Save(outputStream, encoder)) ------------

        private const string ImageLibrary = """

            class Encoder { }
            class Image
            {
                public void Save(Stream stream, Encoder encoder) { }
                public Task SaveAsync(Stream stream, Encoder encoder, CancellationToken cancellationToken = default) => Task.CompletedTask;
                public static Image Load(Stream stream) => new Image();
                public static Task<Image> LoadAsync(Stream stream, CancellationToken cancellationToken = default) => Task.FromResult(new Image());
            }
            class BlobClient
            {
                public void DownloadTo(Stream destination) { }
                public Task DownloadToAsync(Stream destination) => Task.CompletedTask;
                public Task<bool> ExistsAsync() => Task.FromResult(true);
            }

            """;

        [Fact]
        public Task Silent_when_every_stream_the_call_works_on_is_in_memory()
            => Verify.VerifyAnalyzerAsync(Usings + ImageLibrary + """

                class C
                {
                    async Task<Stream> M(Image image, byte[] bytes, bool cached)
                    {
                        await Task.Yield();
                        using (var output = new MemoryStream())
                        {
                            image.Save(output, new Encoder());
                        }

                        var copy = Image.Load(new MemoryStream(bytes));
                        Stream? buffered = null;
                        if (!cached)
                        {
                            buffered = new MemoryStream();
                            copy.Save(buffered, new Encoder());
                        }

                        return buffered ?? Stream.Null;
                    }
                }

                """);

        [Fact]
        public Task A_stream_that_may_not_be_in_memory_or_a_receiver_with_io_of_its_own_is_still_reported()
            => Verify.VerifyAnalyzerAsync(Usings + ImageLibrary + """

                class C
                {
                    static void Open(string path, out Stream stream) => stream = File.OpenRead(path);

                    async Task M(Image image, Stream network, BlobClient blob, FileStream file, string path, bool fromDisk)
                    {
                        await Task.Yield();
                        var loaded = [|Image.Load(network)|];
                        Stream target = new MemoryStream();
                        if (fromDisk)
                        {
                            target = File.OpenWrite(path);
                        }

                        [|loaded.Save(target, new Encoder())|];
                        Stream opened = new MemoryStream();
                        Open(path, out opened);
                        [|image.Save(opened, new Encoder())|];
                        [|blob.DownloadTo(new MemoryStream())|];
                        var memory = new MemoryStream();
                        [|memory.CopyTo(file)|];
                    }
                }

                """);

        // ---- 2. Disposal on a failure path (npgsql RawOpen's catch; the SSL handshake's finally) ------------------------

        [Fact]
        public Task Silent_on_Dispose_and_Close_in_a_catch_that_ends_by_throwing()
            => Verify.VerifyAnalyzerAsync(Code("""
                    Stream? stream;
                    Stream? baseStream;

                    async Task Open(Stream connected, CancellationToken ct)
                    {
                        try
                        {
                            stream = connected;
                            baseStream = connected;
                            await connected.FlushAsync(ct);
                        }
                        catch
                        {
                            stream?.Dispose();
                            stream = null;
                            baseStream?.Dispose();
                            throw;
                        }
                    }

                    async Task Send(Stream connected, byte[] data)
                    {
                        try
                        {
                            await connected.WriteAsync(data, 0, data.Length);
                        }
                        catch (IOException e)
                        {
                            connected.Dispose();
                            throw new InvalidOperationException("send failed", e);
                        }
                    }
                """));

        [Fact]
        public Task A_catch_that_handles_the_error_and_goes_on_is_still_reported()
            => Verify.VerifyAnalyzerAsync(Code("""
                    async Task<bool> TrySend(Stream connected, byte[] data, bool quiet)
                    {
                        try
                        {
                            await connected.WriteAsync(data, 0, data.Length);
                            return true;
                        }
                        catch (IOException)
                        {
                            [|connected.Dispose()|];
                            if (quiet)
                            {
                                return false;
                            }

                            throw;
                        }
                        catch
                        {
                            [|connected.Dispose()|];
                        }

                        return false;
                    }
                """));

        private const string Handshake = """
                Stream? current;

                async Task Secure(Stream inner, bool async, CancellationToken ct)
                {
                    var secured = new BufferedStream(inner);
                    try
                    {
                        if (async)
                            await secured.FlushAsync(ct);
                        else
                            secured.Flush();

                        current = secured;
                        secured = null;
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        throw new IOException("handshake failed", e);
                    }
                    finally
                    {
                        secured?.Dispose();
                    }
                }
            """;

        [Fact]
        public Task Silent_on_a_conditional_Dispose_in_a_finally_that_only_a_failed_try_reaches_with_the_object()
            => Verify.VerifyAnalyzerAsync(Code(Handshake));

        [Theory]
        [InlineData("""
            current = secured;
                        secured = null;
            """, """
            secured = null;
                        current = secured;
            """)]
        [InlineData("""
            current = secured;
                        secured = null;
            """, """
            if (ct.IsCancellationRequested) return;
                        current = secured;
                        secured = null;
            """)]
        [InlineData("throw new IOException(\"handshake failed\", e);", "current = null;")]
        [InlineData("""
            current = secured;
                        secured = null;
            """, """
            Action undo = () => secured = new BufferedStream(inner);
                        current = secured;
                        secured = null;
            """)]
        public Task A_finally_the_successful_try_may_reach_with_the_object_is_still_reported(string from, string to)
            => Verify.VerifyAnalyzerAsync(Code(Handshake.Replace(from, to).Replace("secured?.Dispose();", "secured?[|.Dispose()|];")));

        // ---- 2b. A pipe's Complete on a failure path (StackExchange.Redis PipeStreamWriter.CopyToAsync) ------------------

        private static readonly string PipeUsings = TestCode.UsingsOf("System.IO.Pipelines");

        [Fact]
        public Task Silent_on_a_pipe_writer_or_reader_Complete_in_a_catch_that_ends_by_throwing()
            => Verify.VerifyAnalyzerAsync(PipeUsings + Code("""
                    static async Task CopyToAsync(PipeReader reader, PipeWriter writer, Stream target, CancellationToken ct)
                    {
                        try
                        {
                            await reader.CopyToAsync(target, ct).ConfigureAwait(false);
                        }
                        catch (Exception ex)
                        {
                            writer.Complete(ex);
                            reader.Complete();
                            throw;
                        }
                    }

                    static async Task Pump(PipeWriter writer, byte[] data)
                    {
                        try
                        {
                            await writer.WriteAsync(data);
                        }
                        catch (IOException e)
                        {
                            writer.Complete(e);
                            throw new InvalidOperationException("pump failed", e);
                        }
                    }
                """));

        [Fact]
        public Task A_pipe_Complete_on_the_normal_path_or_in_a_catch_that_goes_on_is_still_reported()
            => Verify.VerifyAnalyzerAsync(PipeUsings + Code("""
                    static async Task Produce(PipeWriter writer, PipeReader reader, byte[] data, bool quiet)
                    {
                        try
                        {
                            await writer.WriteAsync(data);
                        }
                        catch (IOException ex)
                        {
                            [|writer.Complete(ex)|];
                            if (quiet)
                            {
                                return;
                            }

                            throw;
                        }

                        [|writer.Complete()|];
                        [|reader.Complete()|];
                    }
                """));

        [Fact]
        public Task Silent_on_Complete_of_an_end_of_an_in_memory_Pipe()
            => Verify.VerifyAnalyzerAsync(PipeUsings + Code("""
                    readonly Pipe shared = new Pipe();

                    async Task Produce(byte[] data)
                    {
                        var pipe = new Pipe();
                        var writer = pipe.Writer;
                        await writer.WriteAsync(data);
                        writer.Complete();
                        pipe.Reader.Complete();
                        shared.Writer.Complete();
                        PipeReader? reader = null;
                        reader = shared.Reader;
                        reader.Complete();
                    }
                """));

        [Fact]
        public Task Complete_of_a_writer_that_may_not_be_a_Pipe_end_is_still_reported()
            => Verify.VerifyAnalyzerAsync(PipeUsings + Code("""
                    async Task Produce(byte[] data, PipeWriter output, Stream target, bool direct)
                    {
                        var pipe = new Pipe();
                        var writer = pipe.Writer;
                        if (direct)
                        {
                            writer = output;
                        }

                        await writer.WriteAsync(data);
                        [|writer.Complete()|];
                        var wrapped = PipeWriter.Create(target);
                        await wrapped.WriteAsync(data);
                        [|wrapped.Complete()|];
                    }
                """));

        // ---- 3. A counterpart that leads back through a wrapper (grpc HttpContextServerCallContext) ---------------------

        private const string Wrapper = """
            class Context
            {
                object? deadline;

                void ProcessError(Exception ex) { }

                internal Task ProcessErrorAsync(Exception ex)
                {
                    if (deadline == null)
                    {
                        ProcessError(ex);
                        return Task.CompletedTask;
                    }

                    return ProcessErrorAsyncCore(ex);
                }

                private async Task ProcessErrorAsyncCore(Exception ex)
                {
                    await Task.Yield();
                    CALL;
                }
            }

            """;

        [Fact]
        public Task Silent_where_the_counterpart_calls_the_function_the_call_is_in()
            => Verify.VerifyAnalyzerAsync(Usings + Wrapper.Replace("CALL", "ProcessError(ex)"));

        [Fact]
        public Task The_same_call_on_another_object_is_still_reported()
            => Verify.VerifyAnalyzerAsync(Usings + Wrapper.Replace("CALL", "[|Next.ProcessError(ex)|]").Replace("object? deadline;", """
                object? deadline;
                    Context Next = null!;
                """));

        [Fact]
        public Task A_wrapper_that_does_not_lead_back_is_still_reported()
            => Verify.VerifyAnalyzerAsync(Usings + Wrapper.Replace("CALL", "[|ProcessError(ex)|]").Replace("return ProcessErrorAsyncCore(ex);", "return Task.Run(() => ProcessErrorAsyncCore(ex));"));

        // ---- 4. A counterpart that is the base class's default, which only calls the sync method (cofoundry SqlConnection.Close) --

        private const string Connection = """

            sealed class Connection : System.Data.Common.DbConnection
            {
                public override string ConnectionString { get; set; } = "";
                public override string Database => "";
                public override string DataSource => "";
                public override string ServerVersion => "";
                public override System.Data.ConnectionState State => System.Data.ConnectionState.Closed;
                protected override System.Data.Common.DbTransaction BeginDbTransaction(System.Data.IsolationLevel isolationLevel) => throw new NotSupportedException();
                public override void ChangeDatabase(string databaseName) { }
                public override void Close() { }
                protected override System.Data.Common.DbCommand CreateDbCommand() => throw new NotSupportedException();
                public override void Open() { }
                public override Task OpenAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            }

            """;

        private const string PlainStream = """

            STREAMCLASS : Stream
            {
                public override bool CanRead => false;
                public override bool CanSeek => false;
                public override bool CanWrite => false;
                public override long Length => 0;
                public override long Position { get; set; }
                public override void Flush() { }
                public override int Read(byte[] buffer, int offset, int count) => 0;
                public override long Seek(long offset, SeekOrigin origin) => 0;
                public override void SetLength(long value) { }
                public override void Write(byte[] buffer, int offset, int count) { }
                OVERRIDE
            }

            """;

        [Fact]
        public Task Silent_where_the_counterpart_can_only_be_the_base_default_that_calls_the_sync_method()
            => Verify.VerifyAnalyzerAsync(Usings + Connection + PlainStream.Replace("STREAMCLASS", "sealed class Plain").Replace("OVERRIDE", "") + """

                class C
                {
                    async Task M(Connection connection, Plain plain)
                    {
                        await connection.OpenAsync();
                        connection.Close();
                        plain.Dispose();
                    }
                }

                """);

        [Fact]
        public Task A_receiver_whose_runtime_type_may_override_the_default_is_still_reported()
            => Verify.VerifyAnalyzerAsync(Usings + Connection
                + PlainStream.Replace("STREAMCLASS", "sealed class Overriding").Replace("OVERRIDE", "public override ValueTask DisposeAsync() => default;")
                + PlainStream.Replace("STREAMCLASS", "class Open").Replace("OVERRIDE", "") + """

                    class C
                    {
                        async Task M(Connection connection, System.Data.Common.DbConnection any, Overriding overriding, Open open)
                        {
                            await Task.Yield();
                            [|connection.Open()|];
                            [|any.Close()|];
                            [|overriding.Dispose()|];
                            [|open.Dispose()|];
                        }
                    }

                    """);

        [Fact]
        public Task A_type_from_another_assembly_that_nothing_can_derive_from_counts_as_closed()
        {
            var test = new Verify.Test();
            test.TestState.AdditionalProjects["Lib"].AdditionalReferences.AddRange(Infrastructure.TestReferences.All);
            test.TestState.AdditionalProjects["Lib"].Sources.Add(("Lib.cs", Usings + PlainStream.Replace("STREAMCLASS", "public class Internal").Replace("OVERRIDE", "internal Internal() { }")
                + PlainStream.Replace("STREAMCLASS", "public class Public").Replace("OVERRIDE", "public static Public Create() => new Public();")));
            test.TestState.AdditionalProjectReferences.Add("Lib");
            test.TestState.Sources.Add(("Use.cs", Usings + """
                class C
                {
                    async Task M(Internal closed, Public open)
                    {
                        await Task.Yield();
                        closed.Dispose();
                        [|open.Dispose()|];
                    }
                }

                """));
            return test.RunAsync();
        }
    }
}
