// A registry that serves the OCI 1.1 referrers API, for the tests of action-helpers/evidence.ts:
// go-containerregistry's registry (in memory) with its referrers support switched on. The local
// stack's distribution 2.8 has no referrers API, while ECR has one; this is the other path.
// Prints "listening on 127.0.0.1:PORT" once it accepts connections; ends on SIGTERM.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"time"

	"github.com/google/go-containerregistry/pkg/registry"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	flag.Parse()
	listener, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("listening on %s\n", listener.Addr())
	server := &http.Server{
		ReadHeaderTimeout: 5 * time.Second,
		Handler: registry.New(
			registry.WithReferrersSupport(true),
			registry.Logger(log.New(io.Discard, "", 0)),
		),
	}
	log.Fatal(server.Serve(listener))
}
