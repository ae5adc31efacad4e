using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Rules
{
    public sealed partial class ASYNC031SyncCallWithAsyncCounterpartAnalyzer
    {
        /// <summary>
        /// Cleanup while an exception propagates: a parameterless <c>Dispose()</c> or <c>Close()</c>, or a pipe writer's or reader's
        /// <c>Complete(..)</c> (<see cref="IsPipeComplete"/>), in a <c>catch</c> clause that can only end by throwing (its end is unreachable and nothing jumps out of it), or <c>x?.Dispose()</c> in a
        /// <c>finally</c> where <c>x</c> is a local the <c>try</c> block sets to null as its last statement, nothing jumps out of that
        /// block, every <c>catch</c> of it ends by throwing and no lambda captures <c>x</c>: then <c>x</c> is non-null there only when
        /// the <c>try</c> failed. The operation is failing anyway; the object is mostly broken, and its dispose costs a thread only on
        /// that path. A catch that handles the error and goes on is the method's normal path and stays reported.
        /// </summary>
        private static bool IsCleanupOnFailure(IInvocationOperation invocation, SemanticModel model, KnownSymbols symbols)
        {
            if (!(invocation.TargetMethod is { Name: "Dispose" or "Close", Parameters.IsEmpty: true } || IsPipeComplete(invocation.TargetMethod, symbols)))
            {
                return false;
            }

            for (var node = invocation.Syntax.Parent; node is not null; node = node.Parent)
            {
                switch (node)
                {
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                        return false;
                    case CatchClauseSyntax { Block: { } block } when block.Span.Contains(invocation.Syntax.Span):
                        return EndsByThrowing(block, model);
                    case FinallyClauseSyntax { Parent: TryStatementSyntax tryStatement }:
                        return DisposesOnlyAfterFailure(invocation, tryStatement, model);
                    case CatchFilterClauseSyntax:
                        return false;
                }
            }

            return false;
        }

        /// <summary>
        /// <c>Complete()</c> or <c>Complete(exception)</c> of a <c>System.IO.Pipelines</c> writer or reader (or a type derived from
        /// one): the pipe's closing operation, its equivalent of <c>Dispose</c>.
        /// </summary>
        private static bool IsPipeComplete(IMethodSymbol method, KnownSymbols symbols)
        {
            if (method is not { Name: "Complete", IsStatic: false } || method.Parameters.Length > 1
                || (method.Parameters.Length == 1 && !SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, symbols.Exception)))
            {
                return false;
            }

            for (var type = method.ContainingType; type is not null; type = type.BaseType)
            {
                if ((symbols.PipeWriter is not null && SymbolEqualityComparer.Default.Equals(type, symbols.PipeWriter))
                    || (symbols.PipeReader is not null && SymbolEqualityComparer.Default.Equals(type, symbols.PipeReader)))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool EndsByThrowing(BlockSyntax block, SemanticModel model)
        {
            if (block.Statements.Count == 0)
            {
                return false;
            }

            var flow = model.AnalyzeControlFlow(block.Statements[0], block.Statements[block.Statements.Count - 1]);
            return flow is { Succeeded: true, EndPointIsReachable: false } && flow.ExitPoints.IsEmpty && flow.ReturnStatements.IsEmpty;
        }

        private static bool DisposesOnlyAfterFailure(IInvocationOperation invocation, TryStatementSyntax tryStatement, SemanticModel model)
        {
            if (invocation.Instance is not IConditionalAccessInstanceOperation
                || invocation.Parent is not IConditionalAccessOperation { Operation: var accessed }
                || Unconverted(accessed) is not ILocalReferenceOperation { Local: { IsRef: false } local })
            {
                return false;
            }

            var statements = tryStatement.Block.Statements;
            if (statements.Count == 0
                || model.GetOperation(statements[statements.Count - 1]) is not IExpressionStatementOperation
                {
                    Operation: ISimpleAssignmentOperation { IsRef: false, Target: ILocalReferenceOperation target, Value: var cleared }
                }
                || !SymbolEqualityComparer.Default.Equals(target.Local, local)
                || !(Unconverted(cleared) is IDefaultValueOperation || Unconverted(cleared).ConstantValue is { HasValue: true, Value: null }))
            {
                return false;
            }

            var flow = model.AnalyzeControlFlow(statements[0], statements[statements.Count - 1]);
            if (flow is not { Succeeded: true } || !flow.ExitPoints.IsEmpty || !flow.ReturnStatements.IsEmpty)
            {
                return false;
            }

            foreach (var catchClause in tryStatement.Catches)
            {
                if (!EndsByThrowing(catchClause.Block, model))
                {
                    return false;
                }
            }

            var data = model.AnalyzeDataFlow(tryStatement);
            return data is { Succeeded: true } && !data.CapturedInside.Contains(local) && !data.CapturedOutside.Contains(local);
        }
    }
}
