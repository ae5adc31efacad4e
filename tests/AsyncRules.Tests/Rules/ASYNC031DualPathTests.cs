using System.Threading.Tasks;
using AsyncRules.Tests.Infrastructure;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    AsyncRules.Analyzers.Rules.ASYNC031SyncCallWithAsyncCounterpartAnalyzer,
    AsyncRules.CodeFixes.Rules.ASYNC031SyncCallWithAsyncCounterpartCodeFix>;

namespace AsyncRules.Tests.Rules
{
    /// <summary>
    /// Dual-path methods (one async method behind both APIs, chosen by a <c>bool async</c> flag, as npgsql and SqlClient are
    /// written): the sync branch is sync code, the shared path and the async branch are not.
    /// </summary>
    [Trait("Rule", "ASYNC031")]
    public class ASYNC031DualPathTests
    {
        private static readonly string Usings = TestCode.UsingsOf("System", "System.Diagnostics", "System.IO", "System.Threading", "System.Threading.Tasks");

        /// <summary>A data reader and a connection with sync and async forms, as ADO.NET providers have them.</summary>
        private const string Types = """
                class Reader : IDisposable
                {
                    public bool Read() => false;
                    public Task<bool> ReadAsync(CancellationToken ct) => Task.FromResult(false);
                    public bool NextResult() => false;
                    public Task<bool> NextResultAsync(CancellationToken ct) => Task.FromResult(false);
                    public bool GetBoolean(int i) => false;
                    public void Dispose() { }
                    public ValueTask DisposeAsync() => default;
                }

                class Connection
                {
                    public void Close() { }
                    public Task CloseAsync() => Task.CompletedTask;
                    public Task<Reader> ExecuteReader(bool async, CancellationToken ct) => Task.FromResult(new Reader());
                }

            """;

        // Members here end with their own line break (the blank line before each closing """), so no line break is added before the brace.
        private static string Code(string members) => Usings + Types + "class C\n{\n" + members + "}\n";

        // ---- Silent: the sync branch of a dual-path method ------------------------------------------------------------

        [Fact]
        public Task The_else_branch_of_if_async_is_sync_code()
            // npgsql NpgsqlConnector.QueryDatabaseState
            => Verify.VerifyAnalyzerAsync(Code("""
                    bool standBy;
                    async Task Query(Reader reader, bool async, CancellationToken ct)
                    {
                        if (async)
                        {
                            await reader.ReadAsync(ct);
                            standBy = reader.GetBoolean(0);
                            await reader.NextResultAsync(ct);
                            await reader.ReadAsync(ct);
                        }
                        else
                        {
                            reader.Read();
                            standBy = reader.GetBoolean(0);
                            reader.NextResult();
                            reader.Read();
                        }
                    }

                """));

        [Fact]
        public Task Single_statement_branches_and_a_finally_that_disposes_by_the_flag_are_silent()
            // npgsql NpgsqlConnector: if (async) await _stream.ReadExactlyAsync(..); else _stream.ReadExactly(..);
            => Verify.VerifyAnalyzerAsync(Code("""
                    async Task Copy(Stream stream, byte[] buffer, Reader reader, bool async, CancellationToken ct)
                    {
                        try
                        {
                            if (async)
                                await stream.ReadExactlyAsync(buffer, 0, buffer.Length, ct);
                            else
                                stream.ReadExactly(buffer, 0, buffer.Length);
                            if (async)
                                await stream.WriteAsync(buffer, 0, buffer.Length, ct).ConfigureAwait(false);
                            else
                                stream.Write(buffer, 0, buffer.Length);
                        }
                        finally
                        {
                            if (async)
                                await reader.DisposeAsync().ConfigureAwait(false);
                            else
                                reader.Dispose();
                        }
                    }

                """));

        [Fact]
        public Task The_sync_side_of_a_conditional_expression_on_the_flag_is_silent()
            => Verify.VerifyAnalyzerAsync(Code("""
                    async Task<int> Scalar(Reader reader, TextReader text, bool async, CancellationToken ct)
                    {
                        var read = async ? await reader.ReadAsync(ct).ConfigureAwait(false) : reader.Read();
                        var line = async ? await text.ReadLineAsync(ct) : text.ReadLine();
                        return read ? line!.Length : 0;
                    }

                """));

        [Fact]
        public Task A_loop_condition_that_reads_by_the_flag_is_silent()
            // npgsql NpgsqlDataAdapter.Fill: while (async ? await dataReader.ReadAsync(ct) : dataReader.Read())
            => Verify.VerifyAnalyzerAsync(Code("""
                    async Task<int> Count(Reader reader, bool async, CancellationToken ct)
                    {
                        var rows = 0;
                        while (async ? await reader.ReadAsync(ct).ConfigureAwait(false) : reader.Read())
                            rows++;
                        while (async ? await reader.NextResultAsync(ct) : reader.NextResult()) ;
                        return rows;
                    }

                """));

        [Fact]
        public Task A_negated_flag_a_readonly_field_flag_and_an_else_if_chain_are_recognised()
            => Verify.VerifyAnalyzerAsync(Code("""
                    private readonly bool useAsync;
                    async Task Flush(Stream stream, bool async, bool log, CancellationToken ct)
                    {
                        if (!async)
                        {
                            stream.Flush();
                        }
                        else
                        {
                            await stream.FlushAsync(ct);
                        }

                        if (useAsync)
                            await stream.FlushAsync(ct);
                        else if (log)
                            stream.Flush();
                        else
                        {
                            stream.Flush();
                        }
                    }

                """));

        [Fact]
        public Task A_flag_captured_by_an_async_local_function_counts()
            // npgsql KerberosUsernameProvider: the local function tests the enclosing method's parameter
            => Verify.VerifyAnalyzerAsync(Code("""
                    ValueTask<int> ExitCode(Process process, bool async, CancellationToken ct)
                    {
                        return Core();

                        async ValueTask<int> Core()
                        {
                            if (async)
                                await process.WaitForExitAsync(ct).ConfigureAwait(false);
                            else
                                process.WaitForExit();
                            return process.ExitCode;
                        }
                    }

                """));

        [Fact]
        public Task Any_condition_is_enough_when_the_other_branch_awaits_the_counterpart_of_the_same_call()
            => Verify.VerifyAnalyzerAsync(Code("""
                    async Task<int> Fill(Stream stream, byte[] buffer, CancellationToken ct)
                    {
                        int n;
                        if (buffer.Length < 16)
                            n = stream.Read(buffer, 0, buffer.Length);
                        else
                            n = await stream.ReadAsync(buffer, 0, buffer.Length, ct);
                        return n;
                    }

                """));

        // ---- Still reported: the shared path, the async branch, branches that are not a dual path ----------------------

        [Fact]
        public Task A_sync_call_on_the_shared_path_after_the_branches_is_reported_and_fixed()
            // npgsql NpgsqlDataAdapter.Fill(bool async): activeConnection.Close() in finally, outside any branch: real I/O
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task<int> Fill(Connection connection, bool async, CancellationToken ct)
                    {
                        try
                        {
                            var reader = await connection.ExecuteReader(async, ct).ConfigureAwait(false);
                            var rows = 0;
                            while (async ? await reader.ReadAsync(ct).ConfigureAwait(false) : reader.Read())
                                rows++;
                            return rows;
                        }
                        finally
                        {
                            {|#0:connection.Close()|};
                        }
                    }

                """),
                Code("""
                    async Task<int> Fill(Connection connection, bool async, CancellationToken ct)
                    {
                        try
                        {
                            var reader = await connection.ExecuteReader(async, ct).ConfigureAwait(false);
                            var rows = 0;
                            while (async ? await reader.ReadAsync(ct).ConfigureAwait(false) : reader.Read())
                                rows++;
                            return rows;
                        }
                        finally
                        {
                            if (async)
                                await connection.CloseAsync();
                            else
                                connection.Close();
                        }
                    }

                """),
                Verify.Diagnostic().WithLocation(0).WithArguments("Close", "CloseAsync"));

        [Fact]
        public Task A_sync_call_next_to_lines_that_honour_the_flag_is_reported()
            // npgsql KerberosUsernameProvider: StandardError.ReadToEnd() runs in async mode too
            => Verify.VerifyAnalyzerAsync(Code("""
                    async Task<string?> Name(Process process, bool async, CancellationToken ct)
                    {
                        if (async)
                            await process.WaitForExitAsync(ct).ConfigureAwait(false);
                        else
                            process.WaitForExit();

                        if (process.ExitCode != 0)
                            return [|process.StandardError.ReadToEnd()|];

                        return async ? await process.StandardOutput.ReadLineAsync(ct).ConfigureAwait(false) : process.StandardOutput.ReadLine();
                    }

                """));

        [Fact]
        public Task A_sync_call_inside_the_async_branch_is_reported()
            => Verify.VerifyAnalyzerAsync(Code("""
                    async Task<string> Name(Process process, bool async, CancellationToken ct)
                    {
                        if (async)
                        {
                            await process.WaitForExitAsync(ct);
                            return [|process.StandardError.ReadToEnd()|];
                        }
                        else
                        {
                            process.WaitForExit();
                            return process.StandardError.ReadToEnd();
                        }
                    }

                """));

        [Fact]
        public Task A_branch_that_awaits_is_not_the_sync_branch_even_on_a_flag()
            => Verify.VerifyAnalyzerAsync(Code("""
                    async Task Flush(Stream stream, bool async, CancellationToken ct)
                    {
                        if (async)
                        {
                            await stream.FlushAsync(ct);
                        }
                        else
                        {
                            await Task.Yield();
                            [|stream.Flush()|];
                        }
                    }

                """));

        [Fact]
        public Task A_local_condition_with_a_branch_that_awaits_something_else_is_reported()
            // Not a flag, not the counterpart: two ways of doing the work inside one coroutine, both async code.
            => Verify.VerifyAnalyzerAsync(Code("""
                    bool cached;
                    async Task<bool> Next(Reader reader, Reader other, Stream stream, CancellationToken ct)
                    {
                        var hit = cached;
                        if (hit)
                        {
                            [|stream.Flush()|];
                        }
                        else
                        {
                            await stream.WriteAsync(new byte[1], 0, 1, ct);
                        }

                        if (cached)
                            return [|reader.Read()|];
                        else
                            return await other.ReadAsync(ct);
                    }

                """));

        [Fact]
        public Task A_flag_whose_other_branch_awaits_nothing_decides_nothing()
            => Verify.VerifyAnalyzerAsync(Code("""
                    async Task Save(Stream stream, bool flush, CancellationToken ct)
                    {
                        await stream.WriteAsync(new byte[1], 0, 1, ct);
                        if (flush)
                            [|stream.Flush()|];
                        else
                            Console.WriteLine("kept in the buffer");
                    }

                """));

        [Fact]
        public Task An_async_lambda_inside_the_sync_branch_is_a_coroutine_of_its_own()
            => Verify.VerifyAnalyzerAsync(Code("""
                    async Task Run(Stream stream, bool async, CancellationToken ct)
                    {
                        if (async)
                            await stream.FlushAsync(ct);
                        else
                        {
                            Func<Task> later = async () => { [|stream.Flush()|]; await Task.Yield(); };
                            stream.Flush();
                        }
                    }

                """));

        // ---- Fix All leaves the sync branches alone ----------------------------------------------------------------

        [Fact]
        public Task Fix_All_over_a_dual_path_method_rewrites_only_the_shared_path()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    bool standBy;
                    async Task Query(Connection connection, Reader reader, Stream stream, bool async, CancellationToken ct)
                    {
                        if (async)
                        {
                            await reader.ReadAsync(ct);
                            standBy = reader.GetBoolean(0);
                            await stream.FlushAsync(ct);
                        }
                        else
                        {
                            reader.Read();
                            standBy = reader.GetBoolean(0);
                            stream.Flush();
                        }

                        var more = async ? await reader.NextResultAsync(ct) : reader.NextResult();
                        [|stream.Flush()|];
                        [|connection.Close()|];
                    }

                """),
                Code("""
                    bool standBy;
                    async Task Query(Connection connection, Reader reader, Stream stream, bool async, CancellationToken ct)
                    {
                        if (async)
                        {
                            await reader.ReadAsync(ct);
                            standBy = reader.GetBoolean(0);
                            await stream.FlushAsync(ct);
                        }
                        else
                        {
                            reader.Read();
                            standBy = reader.GetBoolean(0);
                            stream.Flush();
                        }

                        var more = async ? await reader.NextResultAsync(ct) : reader.NextResult();
                        if (async)
                            await stream.FlushAsync(cancellationToken: ct);
                        else
                            stream.Flush();
                        if (async)
                            await connection.CloseAsync();
                        else
                            connection.Close();
                    }

                """));

        // ---- The fix honours the flag on the shared path: the sync API runs that code too ------------------------------

        [Fact]
        public Task A_call_statement_on_the_shared_path_becomes_an_if_else_on_the_flag()
            => VerifyFixWithTitle(
                Code("""
                    async Task Save(Stream stream, bool async, CancellationToken ct)
                    {
                        if (async)
                            await stream.WriteAsync(new byte[1], 0, 1, ct);
                        else
                            stream.Write(new byte[1], 0, 1);
                        // on disk before we return
                        [|stream.Flush()|]; // both modes
                        Console.WriteLine("saved");
                    }

                """),
                Code("""
                    async Task Save(Stream stream, bool async, CancellationToken ct)
                    {
                        if (async)
                            await stream.WriteAsync(new byte[1], 0, 1, ct);
                        else
                            stream.Write(new byte[1], 0, 1);
                        // on disk before we return
                        if (async)
                            await stream.FlushAsync(cancellationToken: ct);
                        else
                            stream.Flush(); // both modes
                        Console.WriteLine("saved");
                    }

                """),
                "Await FlushAsync when 'async' is true");

        [Fact]
        public Task A_call_whose_value_is_used_becomes_a_conditional_on_the_flag()
            => VerifyFixWithTitle(
                Code("""
                    async Task<int> Length(Reader reader, TextReader text, bool async, CancellationToken ct)
                    {
                        var first = async ? await reader.ReadAsync(ct) : reader.Read();
                        var line = [|text.ReadLine()|];
                        return line?.Length ?? 0;
                    }

                """),
                Code("""
                    async Task<int> Length(Reader reader, TextReader text, bool async, CancellationToken ct)
                    {
                        var first = async ? await reader.ReadAsync(ct) : reader.Read();
                        var line = async ? await text.ReadLineAsync(cancellationToken: ct) : text.ReadLine();
                        return line?.Length ?? 0;
                    }

                """),
                "Await ReadLineAsync when 'async' is true");

        [Fact]
        public Task The_conditional_is_parenthesised_where_precedence_needs_it()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task<int> Rows(Reader reader, bool async, CancellationToken ct)
                    {
                        var first = async ? await reader.ReadAsync(ct) : reader.Read();
                        if (![|reader.Read()|] || !first)
                            return 0;
                        return [|reader.NextResult()|] ? 2 : 1;
                    }

                """),
                Code("""
                    async Task<int> Rows(Reader reader, bool async, CancellationToken ct)
                    {
                        var first = async ? await reader.ReadAsync(ct) : reader.Read();
                        if (!(async ? await reader.ReadAsync(ct: ct) : reader.Read()) || !first)
                            return 0;
                        return (async ? await reader.NextResultAsync(ct: ct) : reader.NextResult()) ? 2 : 1;
                    }

                """));

        [Fact]
        public Task A_close_under_an_if_in_finally_like_npgsql_Fill_honours_the_flag()
            // npgsql NpgsqlDataAdapter.Fill: finally { if (ConnectionState.Closed == originalState) activeConnection.Close(); }
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task<int> Fill(Connection connection, bool wasClosed, bool async, CancellationToken ct)
                    {
                        try
                        {
                            var reader = await connection.ExecuteReader(async, ct).ConfigureAwait(false);
                            try
                            {
                                var rows = 0;
                                while (async ? await reader.ReadAsync(ct).ConfigureAwait(false) : reader.Read())
                                    rows++;
                                return rows;
                            }
                            finally
                            {
                                if (async)
                                    await reader.DisposeAsync().ConfigureAwait(false);
                                else
                                    reader.Dispose();
                            }
                        }
                        finally
                        {
                            if (wasClosed)
                                {|#0:connection.Close()|};
                        }
                    }

                """),
                Code("""
                    async Task<int> Fill(Connection connection, bool wasClosed, bool async, CancellationToken ct)
                    {
                        try
                        {
                            var reader = await connection.ExecuteReader(async, ct).ConfigureAwait(false);
                            try
                            {
                                var rows = 0;
                                while (async ? await reader.ReadAsync(ct).ConfigureAwait(false) : reader.Read())
                                    rows++;
                                return rows;
                            }
                            finally
                            {
                                if (async)
                                    await reader.DisposeAsync().ConfigureAwait(false);
                                else
                                    reader.Dispose();
                            }
                        }
                        finally
                        {
                            if (wasClosed)
                                if (async)
                                    await connection.CloseAsync();
                                else
                                    connection.Close();
                        }
                    }

                """),
                Verify.Diagnostic().WithLocation(0).WithArguments("Close", "CloseAsync"));

        [Fact]
        public Task Fix_All_gives_each_shared_path_call_its_own_branch_and_a_method_without_a_flag_the_plain_await()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task Query(Connection connection, Stream stream, Reader reader, bool async, CancellationToken ct)
                    {
                        var more = async ? await reader.NextResultAsync(ct) : reader.NextResult();
                        [|stream.Flush()|];
                        var read = [|reader.Read()|];
                        [|connection.Close()|];
                    }

                    async Task Plain(Connection connection, bool async)
                    {
                        await Task.Yield();
                        [|connection.Close()|];
                    }

                """),
                Code("""
                    async Task Query(Connection connection, Stream stream, Reader reader, bool async, CancellationToken ct)
                    {
                        var more = async ? await reader.NextResultAsync(ct) : reader.NextResult();
                        if (async)
                            await stream.FlushAsync(cancellationToken: ct);
                        else
                            stream.Flush();
                        var read = async ? await reader.ReadAsync(ct: ct) : reader.Read();
                        if (async)
                            await connection.CloseAsync();
                        else
                            connection.Close();
                    }

                    async Task Plain(Connection connection, bool async)
                    {
                        await Task.Yield();
                        await connection.CloseAsync();
                    }

                """));

        [Fact]
        public Task A_flag_that_awaits_when_false_is_honoured_negated()
            => VerifyFixWithTitle(
                Code("""
                    async Task<bool> Next(Reader reader, bool sync, CancellationToken ct)
                    {
                        if (!sync)
                            await reader.NextResultAsync(ct);
                        else
                            reader.NextResult();
                        return [|reader.Read()|];
                    }

                """),
                Code("""
                    async Task<bool> Next(Reader reader, bool sync, CancellationToken ct)
                    {
                        if (!sync)
                            await reader.NextResultAsync(ct);
                        else
                            reader.NextResult();
                        return !sync ? await reader.ReadAsync(ct: ct) : reader.Read();
                    }

                """),
                "Await ReadAsync when 'sync' is false");

        [Fact]
        public Task A_readonly_field_flag_is_honoured()
            // npgsql NestedReadScope: a readonly _async field set by the constructor
            => Verify.VerifyCodeFixAsync(
                Code("""
                    private readonly bool useAsync;
                    async Task Save(Stream stream, CancellationToken ct)
                    {
                        if (useAsync)
                            await stream.WriteAsync(new byte[1], 0, 1, ct);
                        else
                            stream.Write(new byte[1], 0, 1);
                        [|stream.Flush()|];
                    }

                """),
                Code("""
                    private readonly bool useAsync;
                    async Task Save(Stream stream, CancellationToken ct)
                    {
                        if (useAsync)
                            await stream.WriteAsync(new byte[1], 0, 1, ct);
                        else
                            stream.Write(new byte[1], 0, 1);
                        if (useAsync)
                            await stream.FlushAsync(cancellationToken: ct);
                        else
                            stream.Flush();
                    }

                """));

        [Fact]
        public Task Two_candidate_flags_or_one_used_both_ways_get_the_plain_fix()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task Copy(Stream source, Stream target, bool asyncRead, bool asyncWrite, CancellationToken ct)
                    {
                        var buffer = new byte[16];
                        if (asyncRead)
                            await source.ReadExactlyAsync(buffer, 0, 16, ct);
                        else
                            source.ReadExactly(buffer, 0, 16);
                        if (asyncWrite)
                            await target.WriteAsync(buffer, 0, 16, ct);
                        else
                            target.Write(buffer, 0, 16);
                        [|target.Flush()|];
                    }

                    async Task Mixed(Stream stream, Reader reader, bool flag, CancellationToken ct)
                    {
                        if (flag)
                            await stream.FlushAsync(ct);
                        else
                            stream.Flush();
                        var more = flag ? reader.NextResult() : await reader.NextResultAsync(ct);
                        [|reader.Read()|];
                    }

                """),
                Code("""
                    async Task Copy(Stream source, Stream target, bool asyncRead, bool asyncWrite, CancellationToken ct)
                    {
                        var buffer = new byte[16];
                        if (asyncRead)
                            await source.ReadExactlyAsync(buffer, 0, 16, ct);
                        else
                            source.ReadExactly(buffer, 0, 16);
                        if (asyncWrite)
                            await target.WriteAsync(buffer, 0, 16, ct);
                        else
                            target.Write(buffer, 0, 16);
                        await target.FlushAsync(cancellationToken: ct);
                    }

                    async Task Mixed(Stream stream, Reader reader, bool flag, CancellationToken ct)
                    {
                        if (flag)
                            await stream.FlushAsync(ct);
                        else
                            stream.Flush();
                        var more = flag ? reader.NextResult() : await reader.NextResultAsync(ct);
                        await reader.ReadAsync(ct: ct);
                    }

                """));

        [Fact]
        public Task A_flag_that_chooses_no_counterpart_is_no_dual_path_flag_and_the_fix_is_the_plain_await()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task Save(Stream stream, bool log, CancellationToken ct)
                    {
                        if (log)
                            await Task.Yield();
                        else
                            Console.WriteLine("quiet");
                        [|stream.Flush()|];
                    }

                """),
                Code("""
                    async Task Save(Stream stream, bool log, CancellationToken ct)
                    {
                        if (log)
                            await Task.Yield();
                        else
                            Console.WriteLine("quiet");
                        await stream.FlushAsync(cancellationToken: ct);
                    }

                """));

        [Fact]
        public Task A_call_inside_the_async_branch_gets_the_plain_await()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task<string> Name(Process process, bool async, CancellationToken ct)
                    {
                        if (async)
                        {
                            await process.WaitForExitAsync(ct);
                            return [|process.StandardError.ReadToEnd()|];
                        }
                        else
                        {
                            process.WaitForExit();
                            return process.StandardError.ReadToEnd();
                        }
                    }

                """),
                Code("""
                    async Task<string> Name(Process process, bool async, CancellationToken ct)
                    {
                        if (async)
                        {
                            await process.WaitForExitAsync(ct);
                            return await process.StandardError.ReadToEndAsync(cancellationToken: ct);
                        }
                        else
                        {
                            process.WaitForExit();
                            return process.StandardError.ReadToEnd();
                        }
                    }

                """));

        [Fact]
        public Task A_call_that_runs_only_in_sync_mode_gets_no_fix()
            // if (!async) with no else: an await there would run under the sync API's blocking wait
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task Close(Stream stream, Reader reader, bool async, CancellationToken ct)
                    {
                        var more = async ? await reader.NextResultAsync(ct) : reader.NextResult();
                        if (!async)
                            [|stream.Flush()|];
                    }

                """),
                Code("""
                    async Task Close(Stream stream, Reader reader, bool async, CancellationToken ct)
                    {
                        var more = async ? await reader.NextResultAsync(ct) : reader.NextResult();
                        if (!async)
                            [|stream.Flush()|];
                    }

                """));

        [Fact]
        public Task A_flag_hidden_by_a_local_at_the_call_gets_no_fix()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    private readonly bool useAsync;
                    async Task Save(Stream stream, CancellationToken ct)
                    {
                        if (useAsync)
                            await stream.FlushAsync(ct);
                        else
                            stream.Flush();
                        {
                            var useAsync = 1;
                            Console.WriteLine(useAsync);
                            [|stream.Flush()|];
                        }
                    }

                """),
                Code("""
                    private readonly bool useAsync;
                    async Task Save(Stream stream, CancellationToken ct)
                    {
                        if (useAsync)
                            await stream.FlushAsync(ct);
                        else
                            stream.Flush();
                        {
                            var useAsync = 1;
                            Console.WriteLine(useAsync);
                            [|stream.Flush()|];
                        }
                    }

                """));

        [Fact]
        public Task Fix_All_over_a_call_nested_in_another_awaits_the_inner_call_on_the_awaited_side()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task Copy(TextReader text, Sink sink, Stream stream, bool async, CancellationToken ct)
                    {
                        if (async) await stream.FlushAsync(ct); else stream.Flush();
                        [|sink.Put([|text.ReadLine()|])|];
                        var echoed = [|sink.Echo([|text.ReadLine()|])|];
                        Console.WriteLine($"{[|text.ReadLine()|]}");
                    }

                    class Sink
                    {
                        public void Put(string? s) { }
                        public Task PutAsync(string? s) => Task.CompletedTask;
                        public string? Echo(string? s) => s;
                        public Task<string?> EchoAsync(string? s) => Task.FromResult(s);
                    }

                """),
                Code("""
                    async Task Copy(TextReader text, Sink sink, Stream stream, bool async, CancellationToken ct)
                    {
                        if (async) await stream.FlushAsync(ct); else stream.Flush();
                        if (async)
                            await sink.PutAsync(await text.ReadLineAsync(cancellationToken: ct));
                        else
                            sink.Put(text.ReadLine());
                        var echoed = async ? await sink.EchoAsync(await text.ReadLineAsync(cancellationToken: ct)) : sink.Echo(text.ReadLine());
                        Console.WriteLine($"{(async ? await text.ReadLineAsync(cancellationToken: ct) : text.ReadLine())}");
                    }

                    class Sink
                    {
                        public void Put(string? s) { }
                        public Task PutAsync(string? s) => Task.CompletedTask;
                        public string? Echo(string? s) => s;
                        public Task<string?> EchoAsync(string? s) => Task.FromResult(s);
                    }

                """));

        /// <summary>As <see cref="Verify.VerifyCodeFixAsync"/> for one diagnostic, also asserting the code action's title.</summary>
        private static Task VerifyFixWithTitle(string source, string fixedSource, string title)
            => new Verify.Test
            {
                TestCode = source,
                FixedCode = fixedSource,
                CodeActionVerifier = (action, verifier) => verifier.Equal(title, action.Title),
            }.RunAsync(System.Threading.CancellationToken.None);
    }
}
