// Serves the research-approval workflow as an MCP server over stdio: what Claude Desktop (or any MCP host) launches.
import { serveWorkflow } from 'mcpflow/server';
import { researchApproval } from '../research-approval/workflow.ts';

await serveWorkflow(researchApproval, { version: '1.0.0' });
