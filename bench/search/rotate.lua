-- rotate.lua - wrk script: requests cycle through the request paths in the
-- file named by the environment variable BENCH_PATHS (one path with its
-- query string per line); each wrk thread starts at a different place.
local threads = 0

function setup(thread)
	threads = threads + 1
	thread:set("tid", threads)
end

local paths = {}
local i = 0

function init(args)
	for line in io.lines(os.getenv("BENCH_PATHS")) do
		if line ~= "" then paths[#paths + 1] = line end
	end
	i = ((tid or 1) * 37) % #paths
end

function request()
	i = i % #paths + 1
	return wrk.format("GET", paths[i])
end
