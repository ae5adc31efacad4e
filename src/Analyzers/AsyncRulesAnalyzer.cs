using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncRules.Analyzers
{
    /// <summary>
    /// The four moves every AsyncRules analyzer makes, made once: run concurrently, skip generated code, resolve the
    /// well-known async types once per compilation, and register nothing at all when the compilation has no Task.
    /// A rule only says what to register, in <see cref="OnCompilationStart"/>.
    /// </summary>
    public abstract class AsyncRulesAnalyzer : DiagnosticAnalyzer
    {
        public sealed override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var symbols = KnownSymbols.For(start.Compilation);
                if (symbols is not null)
                {
                    OnCompilationStart(start, symbols);
                }
            });
        }

        /// <summary>Registers the rule's actions for one compilation, with its well-known symbols already resolved.</summary>
        private protected abstract void OnCompilationStart(CompilationStartAnalysisContext context, KnownSymbols symbols);
    }
}
