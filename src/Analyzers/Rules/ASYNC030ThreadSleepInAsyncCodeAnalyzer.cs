using System.Collections.Immutable;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Rules
{
    /// <summary>
    /// ASYNC030: <c>Thread.Sleep</c> in async code. The coroutine should pause with <c>await Task.Delay</c>, which lets
    /// other work run, instead of blocking its thread.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ASYNC030ThreadSleepInAsyncCodeAnalyzer : AsyncRulesAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
            DiagnosticIds.ThreadSleepInAsyncCode,
            title: "Do not use Thread.Sleep in async code",
            messageFormat: "'Thread.Sleep' blocks the thread; use 'await Task.Delay' so other work can run meanwhile",
            RuleCategories.Blocking,
            DiagnosticSeverity.Warning,
            description: "Thread.Sleep holds the thread for the whole pause. In async code, 'await Task.Delay' pauses only the "
                + "coroutine and hands the thread back, so other tasks progress while it waits (three one-second pauses "
                + "gathered take one second, not three).");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownSymbols symbols)
        {
            if (symbols.Thread is null)
            {
                return;
            }

            context.RegisterOperationAction(c => AnalyzeInvocation(c, symbols), OperationKind.Invocation);
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, KnownSymbols symbols)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (!SleepCalls.IsThreadSleep(method, symbols))
            {
                return;
            }

            // `await Thread.Sleep(..)` is the compiler's CS4008, whose fix writes the same Task.Delay: one report is enough.
            if (invocation.Parent is IAwaitOperation
                || !AsyncContext.IsOnAsyncPath(invocation, context.ContainingSymbol) || AsyncContext.IsInNameOf(invocation))
            {
                return;
            }

            var properties = SleepCalls.IsZeroDuration(invocation, symbols)
                ? ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Kind, DiagnosticProperties.SleepZero)
                : ImmutableDictionary<string, string?>.Empty;
            context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), properties));
        }
    }
}
