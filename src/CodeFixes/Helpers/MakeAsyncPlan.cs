using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncRules.CodeFixes.Helpers
{
    /// <summary>How the <c>return</c> statements of a function change when it becomes async.</summary>
    internal enum ReturnRewrite
    {
        /// <summary>Nothing to change: <c>void</c> → <c>Task</c>, <c>T</c> → <c>Task&lt;T&gt;</c>, iterators.</summary>
        None,

        /// <summary>It returned a <c>Task</c>/<c>ValueTask</c> and keeps that type: <c>return t;</c> → <c>await t; return;</c>.</summary>
        AwaitNonGeneric,

        /// <summary>It returned a <c>Task&lt;T&gt;</c>/<c>ValueTask&lt;T&gt;</c> and keeps it: <c>return t;</c> → <c>return await t;</c>.</summary>
        AwaitGeneric,
    }

    /// <summary>What making one function async takes: the new return type, the return rewrite, the callers to await.</summary>
    internal sealed class MakeAsyncPlan
    {
        public MakeAsyncPlan(SyntaxNode function, TypeSyntax? newReturnType, ReturnRewrite returns, ImmutableArray<InvocationExpressionSyntax> callersToAwait, string description)
        {
            Function = function;
            NewReturnType = newReturnType;
            Returns = returns;
            CallersToAwait = callersToAwait;
            Description = description;
        }

        /// <summary>The method, local function, lambda or anonymous method (in the original tree).</summary>
        public SyntaxNode Function { get; }

        /// <summary>The return type it gets, or null when its return type stays.</summary>
        public TypeSyntax? NewReturnType { get; }

        public ReturnRewrite Returns { get; }

        /// <summary>Calls in the same document whose value is used and which now must be awaited.</summary>
        public ImmutableArray<InvocationExpressionSyntax> CallersToAwait { get; }

        /// <summary>For the code action title: "Make 'Count' async (returns Task)".</summary>
        public string Description { get; }
    }
}
