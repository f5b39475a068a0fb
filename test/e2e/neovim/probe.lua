-- Neovim (0.7+) as a second LSP client of the VoiceML server. Run by test/e2e/run-neovim.mjs:
--   VOICEML_SERVER=dist/server/server.js E2E_PROBE_OUT=out.json \
--     timeout 60 nvim --headless --clean -c 'luafile probe.lua' broken.xml
-- Starts `node $VOICEML_SERVER --stdio`, attaches it to the current buffer, waits for diagnostics, edits the
-- buffer (types "<" on a new line inside <Response>), asks for completion and hover there, undoes the edit and
-- checks the diagnostics come back the same. E2E_PROBE_MODE=diagnostics stops after the diagnostics;
-- E2E_PROBE_MODE=format only formats the buffer twice (textDocument/formatting, edits applied) and reports the
-- texts; E2E_PROBE_MODE=fix applies the quick fix of the unknown element (code action, resolved when chosen);
-- E2E_SENTINEL=FILE is the quiet mode (a file that must get no diagnostics); E2E_INIT_OPTIONS=JSON is
-- sent as init_options. Writes one JSON object to $E2E_PROBE_OUT (and stdout), then
-- quits: `qa!` on success, `cq!` (exit code 1) when the probe itself broke. Assertions live in the runner.
-- Everything is wrapped in pcall: an uncaught Lua error would leave headless nvim hanging.

local out = {ok = false, steps = {}}
local t0 = vim.loop.hrtime()
local function ms() return math.floor((vim.loop.hrtime() - t0) / 1e6) end
local function step(name) table.insert(out.steps, name .. ' @' .. ms() .. 'ms') end

local function emit()
  local ok, json = pcall(vim.json.encode, out)
  if not ok then json = '{"ok":false,"error":"json encode failed: ' .. tostring(json):gsub('"', "'") .. '"}' end
  local path = os.getenv('E2E_PROBE_OUT')
  if path and path ~= '' then
    local f = io.open(path, 'w')
    if f then f:write(json) f:close() end
  end
  io.stdout:write(json .. '\n')
end

local function summarize(diags)
  local list = {}
  for _, d in ipairs(diags) do
    table.insert(list, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, source = d.source or vim.NIL,
      code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or vim.NIL,
      message = d.message,
    })
  end
  table.sort(list, function(a, b)
    if a.lnum ~= b.lnum then return a.lnum < b.lnum end
    return a.col < b.col
  end)
  return list
end

local function main()
  local server = os.getenv('VOICEML_SERVER')
  assert(server and server ~= '', 'VOICEML_SERVER is not set')
  local node = os.getenv('E2E_NODE') or 'node'
  local buf = vim.api.nvim_get_current_buf()
  local file = vim.api.nvim_buf_get_name(buf)
  assert(file ~= '', 'no file given on the command line')
  if file:match('%.voiceml$') then vim.bo[buf].filetype = 'voiceml' end
  out.file = file
  out.filetype = vim.bo[buf].filetype
  out.nvim = tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch

  local capabilities = vim.lsp.protocol.make_client_capabilities()
  capabilities.textDocument.completion.completionItem.snippetSupport = true
  local stderr = {}
  local exited = nil
  local client_id = vim.lsp.start_client({
    name = 'voiceml',
    cmd = {node, server, '--stdio'},
    root_dir = vim.fn.fnamemodify(file, ':p:h'),
    capabilities = capabilities,
    -- No settings: `workspace/configuration` for 'voiceml' is answered with null, as many clients do.
    settings = {},
    -- E2E_INIT_OPTIONS (JSON): settings given the way some users give them, as init_options.
    init_options = (os.getenv('E2E_INIT_OPTIONS') or '') ~= '' and vim.json.decode(os.getenv('E2E_INIT_OPTIONS')) or nil,
    flags = {debounce_text_changes = 50},
    on_exit = function(code, signal) exited = {code = code, signal = signal} end,
    handlers = {
      ['window/logMessage'] = function(_, result) table.insert(stderr, result and result.message or '') end,
    },
  })
  assert(client_id, 'vim.lsp.start_client returned nil')
  vim.lsp.buf_attach_client(buf, client_id)
  step('started')

  local client
  local inited = vim.wait(15000, function()
    client = vim.lsp.get_client_by_id(client_id)
    return (client and client.initialized) or exited ~= nil
  end, 50)
  assert(inited and not exited, 'server did not initialize' .. (exited and (' (exited ' .. vim.inspect(exited) .. ')') or ''))
  local caps = client.server_capabilities or {}
  out.server_info = client.server_info or vim.NIL
  out.capabilities = {
    completion = caps.completionProvider ~= nil,
    hover = caps.hoverProvider ~= nil and caps.hoverProvider ~= false,
    codeAction = caps.codeActionProvider ~= nil and caps.codeActionProvider ~= false,
    textDocumentSync = caps.textDocumentSync or vim.NIL,
  }
  out.capabilities.formatting = caps.documentFormattingProvider ~= nil and caps.documentFormattingProvider ~= false
  step('initialized')

  local function stop()
    out.ok = true
    vim.lsp.stop_client(client_id)
    vim.wait(3000, function() return exited ~= nil end, 50)
    out.server_exit = exited or vim.NIL
  end

  -- Format mode: textDocument/formatting twice, applying the edits as neovim does; the runner compares texts.
  local mode = os.getenv('E2E_PROBE_MODE') or 'full'
  out.mode = mode
  if mode == 'format' then
    local params = {textDocument = {uri = vim.uri_from_bufnr(buf)}, options = {tabSize = 4, insertSpaces = true}}
    local rounds = {}
    for round = 1, 2 do
      -- client.request_sync, not buf_request_sync: the request goes out even if the capability looks absent,
      -- so a missing formatter shows up as an error here rather than as "no edits".
      local res, err = client.request_sync('textDocument/formatting', params, 8000, buf)
      local r = {error = vim.NIL, edits = 0}
      if err then r.error = tostring(err)
      elseif not res then r.error = 'no response'
      elseif res.err then r.error = res.err.message or vim.inspect(res.err)
      else
        local edits = res.result or {}
        r.edits = #edits
        if #edits > 0 then vim.lsp.util.apply_text_edits(edits, buf, client.offset_encoding or 'utf-16') end
      end
      r.text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
      table.insert(rounds, r)
      step('format ' .. round)
    end
    out.format = rounds
    stop()
    return
  end

  -- 1. diagnostics on open
  local got = (os.getenv('E2E_SENTINEL') or '') ~= '' or vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  out.diagnostics = summarize(vim.diagnostic.get(buf))
  step('diagnostics ' .. tostring(got))

  -- Fix mode: the quick fix for the unknown element, chosen as a user chooses it (vim.lsp.buf.code_action on its
  -- line, the action picked from vim.ui.select); the server answers actions without edits, and neovim asks for
  -- the chosen one's with codeAction/resolve. Reports the requests made and the buffer after the fix.
  if mode == 'fix' then
    local requests = {}
    local request = client.request
    client.request = function(method, ...)
      table.insert(requests, method)
      return request(method, ...)
    end
    local target
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
      if code == 'unknown-element' then target = d break end
    end
    assert(target, 'no unknown-element diagnostic to fix')
    vim.api.nvim_win_set_cursor(0, {target.lnum + 1, target.col})
    local offered = {}
    vim.ui.select = function(items, opts, on_choice)
      local chosen
      for _, item in ipairs(items) do
        local title = opts.format_item(item)
        table.insert(offered, {title = title, edit = item[2].edit ~= nil})
        if not chosen and title:find('Say', 1, true) then chosen = item end
      end
      on_choice(chosen)
    end
    local line = vim.api.nvim_buf_get_lines(buf, target.lnum, target.lnum + 1, false)[1]
    vim.lsp.buf.code_action()
    vim.wait(8000, function() return vim.api.nvim_buf_get_lines(buf, target.lnum, target.lnum + 1, false)[1] ~= line end, 50)
    out.fix = {
      offered = offered,
      requests = requests,
      before = line,
      after = vim.api.nvim_buf_get_lines(buf, target.lnum, target.lnum + 1, false)[1],
    }
    step('fixed')
    stop()
    return
  end

  -- Diagnostics mode: that is all (e.g. a .ts file, where the edit below would land outside any template).
  if mode == 'diagnostics' then
    -- One more moment in case a second publish follows (there should be none: all findings come at once).
    vim.wait(300)
    out.diagnostics = summarize(vim.diagnostic.get(buf))
    stop()
    return
  end

  -- Quiet mode (a file that must get NO diagnostics): a second, VoiceML buffer is the sentinel. Once the
  -- server has answered for it (opened later), the first buffer was processed too.
  local sentinel = os.getenv('E2E_SENTINEL')
  if sentinel and sentinel ~= '' then
    local sbuf = vim.fn.bufadd(sentinel)
    vim.fn.bufload(sbuf)
    vim.lsp.buf_attach_client(sbuf, client_id)
    out.sentinel_seen = vim.wait(20000, function() return #vim.diagnostic.get(sbuf) > 0 end, 50)
    vim.wait(tonumber(os.getenv('E2E_QUIET_MS') or '1500'))
    out.diagnostics = summarize(vim.diagnostic.get(buf))
    out.sentinel_diagnostics = #vim.diagnostic.get(sbuf)
    step('quiet')
    out.ok = true
    vim.lsp.stop_client(client_id)
    vim.wait(3000, function() return exited ~= nil end, 50)
    out.server_exit = exited or vim.NIL
    return
  end

  -- 2. edit: a new line "    <" after the line holding <Response>; diagnostics must change
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local response_line
  for i, l in ipairs(lines) do
    if l:match('<Response[%s>]') then response_line = i - 1 break end
  end
  assert(response_line, 'no <Response> line in the file')
  local before = vim.json.encode(out.diagnostics)
  vim.api.nvim_buf_set_lines(buf, response_line + 1, response_line + 1, false, {'    <'})
  local pos = {line = response_line + 1, character = 5}
  out.completion_position = pos
  vim.wait(5000, function() return vim.json.encode(summarize(vim.diagnostic.get(buf))) ~= before end, 50)
  out.diagnostics_after_edit = summarize(vim.diagnostic.get(buf))
  step('edited')

  -- 3. completion at the "<"
  local uri = vim.uri_from_bufnr(buf)
  local res, err
  if not out.capabilities.completion then
    err = 'server has no completionProvider'
  else res, err = vim.lsp.buf_request_sync(buf, 'textDocument/completion', {
    textDocument = {uri = uri}, position = pos, context = {triggerKind = 2, triggerCharacter = '<'},
  }, 8000) end
  local completion = {labels = {}, error = vim.NIL}
  if err then completion.error = tostring(err) end
  for _, r in pairs(res or {}) do
    if r.err then completion.error = r.err.message or vim.inspect(r.err) end
    local items = r.result and (r.result.items or r.result) or {}
    for _, item in ipairs(items) do
      table.insert(completion.labels, item.label)
      if #completion.labels == 1 then completion.first = item end
    end
  end
  out.completion = completion
  step('completion')

  -- 4. hover on the first "Say" element name
  local hover = {text = vim.NIL, error = vim.NIL}
  lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  for i, l in ipairs(lines) do
    local s = l:find('<Say', 1, true)
    if s and not out.capabilities.hover then
      hover.error = 'server has no hoverProvider'
      break
    elseif s then
      local hres, herr = vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
        textDocument = {uri = uri}, position = {line = i - 1, character = s + 1},
      }, 8000)
      if herr then hover.error = tostring(herr) end
      for _, r in pairs(hres or {}) do
        if r.err then hover.error = r.err.message or vim.inspect(r.err) end
        local c = r.result and r.result.contents
        if type(c) == 'table' then
          if c.value then hover.text = c.value
          elseif c[1] then
            local parts = {}
            for _, p in ipairs(c) do table.insert(parts, type(p) == 'table' and p.value or p) end
            hover.text = table.concat(parts, '\n')
          end
        elseif type(c) == 'string' then hover.text = c end
      end
      break
    end
  end
  out.hover = hover
  step('hover')

  -- 5. undo the edit: incremental state must equal the original
  vim.api.nvim_buf_set_lines(buf, response_line + 1, response_line + 2, false, {})
  vim.wait(5000, function() return vim.json.encode(summarize(vim.diagnostic.get(buf))) == before end, 50)
  out.diagnostics_after_undo = summarize(vim.diagnostic.get(buf))
  step('undone')

  out.server_log = stderr
  out.ok = true
  vim.lsp.stop_client(client_id)
  vim.wait(3000, function() return exited ~= nil end, 50)
  out.server_exit = exited or vim.NIL
end

local ok, err = pcall(main)
if not ok then
  out.ok = false
  out.error = tostring(err)
end
out.ms = ms()
pcall(emit)
if ok then vim.cmd('qa!') else vim.cmd('cq!') end
