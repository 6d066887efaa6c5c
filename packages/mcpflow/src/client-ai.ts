/**
 * MCP tools from an `mcpflow/client` hub as a Vercel AI SDK v7 tool set. A separate entry point so that `ai` (an
 * optional peer dependency) is only loaded by code that imports this one; `mcpflow/client` never imports it.
 *
 * @module
 */

export { type AiSdkToolsOptions, toAiSdkTools } from './client/adapters/to-ai-sdk-tools.ts';
